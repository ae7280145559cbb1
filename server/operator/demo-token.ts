/**
 * @module
 * In demo mode (embedded database, not production) the operator API works without setting
 * DOORSTEP_OPERATOR_TOKEN: a token is made on the first start and kept in `data/operator-token`
 * (readable by the owner only), so the README's ten-minute onboarding can create a tenant with
 * `--operator-token "$(cat data/operator-token)"`. The token is never logged. A throwaway
 * database (`memory://`) gets no file and no operator API unless the variable is set.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { randomToken } from '../auth/tokens.ts';

export async function demoOperatorToken(dataDir: string): Promise<{ token: string; file: string } | undefined> {
  if (dataDir === 'memory://') return undefined;
  const file = `${dataDir.replace(/\/$/, '')}/operator-token`;
  try {
    const token = (await readFile(file, 'utf8')).trim();
    if (token.length >= 32) return { token, file };
  } catch {
    // first start: make one below
  }
  const token = randomToken();
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return { token, file };
}
