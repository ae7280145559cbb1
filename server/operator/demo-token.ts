/**
 * @module
 * In demo mode (embedded database, not production) the operator API works without setting
 * DOORSTEP_OPERATOR_TOKEN: a token is made on the first start and kept in `data/operator-token`
 * (readable by the owner only), so the README's ten-minute onboarding can create a tenant with
 * `--operator-token "$(cat data/operator-token)"`. The token is never logged. A throwaway
 * database (`memory://`) gets no file and no operator API unless the variable is set.
 */
import { secretFromFile } from '../secrets/secret-file.ts';

export async function demoOperatorToken(dataDir: string): Promise<{ token: string; file: string } | undefined> {
  if (dataDir === 'memory://') return undefined;
  const file = `${dataDir.replace(/\/$/, '')}/operator-token`;
  return { token: await secretFromFile(file), file };
}
