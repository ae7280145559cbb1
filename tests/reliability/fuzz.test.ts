/**
 * Every operation of /openapi.json, fuzzed from its own schema by every kind of caller
 * (support/callers.ts) with hostile and invalid requests (support/arbitraries.ts). Properties:
 * - never a 5xx, and the prototype of Object is never polluted;
 * - every 4xx carries the error shape with a string `code`;
 * - every answer conforms to the document (status documented, content type, schema);
 * - a caller who may not see or change the resource gets 401/403/404 for the honest request (any
 *   4xx for a broken one), and nothing was written: the rows of every table are compared before
 *   and after;
 * - the honest request of an allowed caller keeps its documented status.
 *
 * Fixed seed and a small run count for CI (FUZZ_RUNS per operation, default 8). A long run:
 *   FUZZ_RUNS=2000 npx vitest run tests/reliability/fuzz.test.ts
 * A failure prints the seed, the counterexample path and the shrunk request; replay it with
 *   FUZZ_SEED=<seed> FUZZ_PATH=<path> npx vitest run tests/reliability/fuzz.test.ts -t '<operation>'
 */
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { recipes, type Recipe } from './support/arbitraries.ts';
import { authorizationFor, buildWorld, fixtureFor, renewSessions, requestFor, type RequestPlan, type World } from './support/callers.ts';
import { conformanceErrors } from './support/conformance.ts';
import { loadDocument, operationsOf, type Operation } from './support/operations.ts';
import { changedTables, rowsDigest } from './support/rows.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const PATH = process.env.FUZZ_PATH;

const world = await buildWorld();
afterAll(() => world.fx.ctx.close());
const app = world.fx.ctx.app;
const doc = await loadDocument(app);
const operations = operationsOf(doc);
const borrowed = { uuids: [world.fx.neighbour.id, world.fx.otherBuilding.id, world.fx.otherTenant.id, world.fx.otherTenant.buildingId, world.fx.tenantId] };
let clients = 0;
/** Answers per operation and status (FUZZ_STATS=1 prints them). */
const stats = new Map<string, Map<number, number>>();
afterAll(() => {
  if (process.env.FUZZ_STATS !== '1') return;
  for (const [key, byStatus] of stats) {
    const total = [...byStatus.values()].reduce((a, b) => a + b, 0);
    console.log(`${key}: ${total} requests; ${[...byStatus].sort((a, b) => a[0] - b[0]).map(([status, n]) => `${status}×${n}`).join(' ')}`);
  }
});

function applyRecipe(plan: RequestPlan, recipe: Recipe): RequestPlan {
  const json = (plan.body ?? {}) as Record<string, unknown>;
  switch (recipe.kind) {
    case 'valid':
      return plan;
    case 'hostile':
      return { ...plan, body: recipe.body, form: undefined };
    case 'path':
      return { ...plan, params: { ...plan.params, [recipe.name]: recipe.value } };
    case 'query':
      return { ...plan, query: { ...plan.query, [recipe.name]: recipe.value } };
    case 'invalid': {
      const how = recipe.how;
      const text = JSON.stringify(plan.body ?? {});
      const rest = { ...plan, body: undefined, form: undefined };
      switch (how.type) {
        case 'wrong type':
          return plan.form ? { ...plan, form: { ...plan.form, [how.field]: JSON.stringify(how.value) ?? '' } } : { ...plan, body: { ...json, [how.field]: how.value } };
        case 'missing field': {
          if (plan.form) {
            const { [how.field]: _, ...form } = plan.form;
            return { ...plan, form };
          }
          const { [how.field]: _, ...body } = json;
          return { ...plan, body };
        }
        case 'prototype keys': {
          const inner = text.startsWith('{') ? text.slice(1, -1) : '';
          const polluting = '"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}}';
          return { ...rest, raw: { contentType: 'application/json', body: `{${polluting}${inner ? `,${inner}` : ''}}` } };
        }
        case 'malformed json':
          return { ...rest, raw: { contentType: 'application/json', body: how.text } };
        case 'content type':
          return { ...rest, raw: { contentType: how.contentType, body: text } };
        case 'oversized':
          return { ...rest, raw: { contentType: 'application/json', body: JSON.stringify({ ...json, padding: 'x'.repeat(how.bytes) }) } };
        case 'multipart instead of json':
          return { ...rest, form: Object.fromEntries(Object.entries(json).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) };
        case 'json instead of multipart':
          return { ...rest, body: plan.form ?? {} };
      }
    }
  }
}

async function describeRequest(request: Request): Promise<string> {
  const body = request.body ? await request.clone().text() : '';
  const auth = request.headers.get('authorization');
  return `${request.method} ${request.url.replace('http://doorstep.test', '')} content-type=${request.headers.get('content-type') ?? '-'} authorization=${auth ? `${auth.slice(0, 16)}…` : '-'} body(${body.length})=${JSON.stringify(body.slice(0, 300))}`;
}

/** One fuzzed call: the properties of the file header, as one thrown error with the whole story. */
async function check(op: Operation, world: World, callerName: string, recipe: Recipe): Promise<void> {
  const fixture = fixtureFor(op, world)!;
  const caller = world.caller(callerName as never);
  const allowed = fixture.allowed.includes(caller.name);
  const forbidden = fixture.forbidden.includes(caller.name);
  const plan = applyRecipe(await fixture.prepare(world), recipe);
  const authorization = allowed ? await authorizationFor(world, fixture, caller) : caller.authorization;
  const request = requestFor(world, op, plan, caller, authorization);
  // A client address per call: lockouts and rate limits are their own tests' business.
  request.headers.set('x-forwarded-for', `198.51.${(clients >> 8) & 255}.${clients++ & 255}`);
  const story = await describeRequest(request);

  const before = forbidden ? await rowsDigest(world.fx.ctx.database) : undefined;
  const response = await app.request(request);
  const text = await response.text();
  if (allowed) await renewSessions(world, fixture, caller);
  const byStatus = stats.get(op.key) ?? new Map<number, number>();
  stats.set(op.key, byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1));
  const problems: string[] = [];

  if (response.status >= 500) problems.push(`answered ${response.status}`);
  if (({} as Record<string, unknown>).polluted !== undefined || ({} as Record<string, unknown>).isAdmin !== undefined) problems.push('Object.prototype was polluted');
  if (response.status >= 400) {
    let code: unknown;
    try {
      code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
    } catch {
      code = undefined;
    }
    if (typeof code !== 'string') problems.push(`a ${response.status} without the error shape`);
  }
  problems.push(...conformanceErrors(doc, op, response.status, response.headers.get('content-type'), text));
  if (forbidden) {
    const refusals = recipe.kind === 'valid' ? [401, 403, 404] : null;
    if (refusals ? !refusals.includes(response.status) : response.status < 400) problems.push(`a caller who may not was answered ${response.status}`);
    const changed = changedTables(before!, await rowsDigest(world.fx.ctx.database));
    if (changed.length > 0) problems.push(`a refused caller changed rows of: ${changed.join(', ')}`);
  }
  if (allowed && recipe.kind === 'valid' && !fixture.success.includes(response.status)) problems.push(`the honest request answered ${response.status}, documented ${fixture.success.join('/')}`);

  if (problems.length > 0) {
    throw new Error(`${op.key} as ${caller.name}:\n  ${problems.join('\n  ')}\n  request: ${story}\n  answer: ${response.status} ${text.slice(0, 300)}`);
  }
}

test('every operation of the document has a caller fixture (the fuzz covers them all)', () => {
  expect(operations.filter((op) => !fixtureFor(op, world)).map((op) => op.key)).toEqual([]);
});

for (const op of operations) {
  test(`fuzz ${op.key}`, async () => {
    const fixture = fixtureFor(op, world);
    if (!fixture) throw new Error(`${op.key}: no caller fixture (tests/reliability/support/callers.ts)`);
    // Mostly callers who get through to the handler, where the input matters; then the rest.
    const everyone = fc.constantFrom(...world.callers.map((c) => c.name));
    const callers = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...fixture.allowed) }, { weight: 2, arbitrary: everyone });
    const property = fc.asyncProperty(callers, recipes(doc, op, borrowed), (caller, recipe) => check(op, world, caller, recipe));
    // Shrinking re-runs prepare() and the request each step; bound it so a long run ends.
    const details = await fc.check(property, { numRuns: RUNS, seed: SEED, ...(PATH ? { path: PATH } : {}), interruptAfterTimeLimit: 90_000, markInterruptAsFailure: false });
    if (details.failed) {
      const [caller, recipe] = details.counterexample!;
      throw new Error(
        `${op.key}: fuzz failed after ${details.numRuns} runs (${details.numShrinks} shrinks)\n` +
          `  replay: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath} npx vitest run tests/reliability/fuzz.test.ts -t '${op.key}'\n` +
          `  shrunk: caller=${caller} recipe=${JSON.stringify(recipe).slice(0, 400)}\n` +
          `  ${String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance)}`,
      );
    }
  }, 600_000);
}
