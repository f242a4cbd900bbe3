import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveJwtSecret } from '../../../local/jwt-secret';

describe('resolveJwtSecret', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'jwt-secret-')), 'data');
  });

  afterEach(() => {
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('uses the configured secret as is', () => {
    expect(resolveJwtSecret('configured', dataDir)).toBe('configured');
  });

  it('generates a secret once into DATA_DIR/jwt-secret, readable only by the owner, and reuses it', () => {
    const first = resolveJwtSecret(undefined, dataDir);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(first);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(resolveJwtSecret(undefined, dataDir)).toBe(first);
  });

  it('makes a new secret every time for :memory:', () => {
    expect(resolveJwtSecret(undefined, ':memory:')).not.toBe(resolveJwtSecret(undefined, ':memory:'));
  });
});
