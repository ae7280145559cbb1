/**
 * @module
 * A secret kept in a file of the data folder when the environment gives none (the embedded
 * database's demo and development runs): made on the first start, readable by the owner only,
 * read back on every later start, never logged. The operator token and the keys that protect
 * personal codes and provider secrets live this way on a laptop; a deployment sets the variables.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomToken } from '../auth/tokens.ts';

/** The secret in `file`, made (32 random bytes, base64url) when the file is missing or too short. */
export async function secretFromFile(file: string): Promise<string> {
  try {
    const secret = (await readFile(file, 'utf8')).trim();
    if (secret.length >= 32) return secret;
  } catch {
    // first start: make one below
  }
  const secret = randomToken();
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return secret;
}

/**
 * A deployment secret: the variable's value when set; otherwise a file in the data folder
 * (`memory://` gets a fresh one per start: its database is as short-lived). Production must set
 * the variable, which config.ts enforces.
 */
export async function deploymentSecret(value: string | undefined, dataDir: string, fileName: string): Promise<string> {
  if (value) return value;
  if (dataDir === 'memory://') return randomToken();
  const dir = dataDir.replace(/\/$/, '');
  await mkdir(dir, { recursive: true });
  return secretFromFile(`${dir}/${fileName}`);
}
