import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const newSecret = (): string => randomBytes(32).toString('base64url');

/**
 * The configured JWT_SECRET, or one generated once and kept in `dataDir/jwt-secret`, so queue tokens stay
 * valid across restarts like the data does. With ':memory:' nothing is kept, so the secret is new each run.
 */
export const resolveJwtSecret = (configured: string | undefined, dataDir: string): string => {
  if (configured) return configured;
  if (dataDir === ':memory:') return newSecret();
  const directory = resolve(dataDir);
  const file = join(directory, 'jwt-secret');
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(directory, { recursive: true });
  const secret = newSecret();
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
};
