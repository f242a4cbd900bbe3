import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const contractCopy = join(root, 'docs', 'api.md');
/** The team's shared contract, next to the repository on the development machine; a CI clone does not have it. */
const sharedContract = resolve(root, '..', 'shared', 'API.md');

describe('the contract inside the repository', () => {
  it('is present and not empty', () => {
    expect(readFileSync(contractCopy, 'utf8')).toMatch(/^# HTTP API contract/);
  });

  (existsSync(sharedContract) ? it : it.skip)('is identical to ../shared/API.md (copy it again when the shared one changes)', () => {
    expect(readFileSync(contractCopy, 'utf8')).toBe(readFileSync(sharedContract, 'utf8'));
  });
});

describe('documentation links', () => {
  const documents = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => join('docs', name))];

  it.each(documents)('%s links only to files inside the repository', (document) => {
    const text = readFileSync(join(root, document), 'utf8');
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => (match[1] as string).split('#')[0] as string);
    const local = targets.filter((target) => target !== '' && !/^[a-z]+:/i.test(target));
    for (const target of local) {
      const path = resolve(root, dirname(document), target);
      expect({ target, inside: path.startsWith(`${root}/`), exists: existsSync(path) }).toEqual({ target, inside: true, exists: true });
    }
  });
});
