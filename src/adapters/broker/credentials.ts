// The embedded broker's generated login for clients on other hosts, made on the first start when the
// user set none, and kept in the data folder (readable by the owner only) so devices keep working.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export const GENERATED_USERNAME = 'switchyard';

/** Reads the credentials at `path`, or writes new ones there; `created` tells which. */
export function loadOrCreateCredentials(path: string): { credentials: Credentials; created: boolean } {
  if (existsSync(path)) {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Credentials>;
    if (
      typeof parsed.username !== 'string' ||
      typeof parsed.password !== 'string' ||
      parsed.username === '' ||
      parsed.password === ''
    ) {
      throw new Error(`${path} must hold {"username": "…", "password": "…"}; delete it to have new ones generated`);
    }
    return { credentials: { username: parsed.username, password: parsed.password }, created: false };
  }
  const credentials = { username: GENERATED_USERNAME, password: randomBytes(18).toString('base64url') };
  writeFileSync(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return { credentials, created: true };
}
