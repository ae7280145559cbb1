/** Small assertions with messages that say what was expected; enough for these tests. */

export class AssertionError extends Error {
  override name = 'AssertionError';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export function assertEqual<T>(actual: T, expected: T, what: string): void {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

export function assertIncludes(text: string | null | undefined, part: string, what: string): void {
  if (!text?.includes(part)) throw new AssertionError(`${what}: expected to include ${JSON.stringify(part)}, got ${JSON.stringify(text)}`);
}

export function assertDeepEqual(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const b = JSON.stringify(expected);
  if (a !== b) throw new AssertionError(`${what}: expected ${b}, got ${a}`);
}
