/**
 * ALTCHA v1 proof of work (API.md, "Proof of work"), solved with the Web Crypto API: find `number` in
 * 0..maxnumber with sha256(salt + number) == challenge, and answer base64(JSON) for the X-Challenge header.
 */
export interface Challenge {
  readonly algorithm: string;
  readonly challenge: string;
  readonly maxnumber: number;
  readonly salt: string;
  readonly signature: string;
}

const toHex = (digest: ArrayBuffer): string => Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');

/** Digests run in batches: one await per batch instead of per number keeps the tab responsive and fast. */
const batchSize = 1000;

export const solveChallenge = async (challenge: Challenge): Promise<string> => {
  if (challenge.algorithm !== 'SHA-256') throw new Error(`unsupported proof-of-work algorithm ${challenge.algorithm}`);
  if (!globalThis.crypto?.subtle) throw new Error('this browser offers no Web Crypto here (a secure context is needed)');
  const encoder = new TextEncoder();
  const target = challenge.challenge.toLowerCase();
  for (let start = 0; start <= challenge.maxnumber; start += batchSize) {
    const count = Math.min(batchSize, challenge.maxnumber - start + 1);
    const digests = await Promise.all(
      Array.from({ length: count }, (_, offset) => crypto.subtle.digest('SHA-256', encoder.encode(`${challenge.salt}${start + offset}`))),
    );
    const found = digests.findIndex((digest) => toHex(digest) === target);
    if (found >= 0) {
      const solution = { algorithm: challenge.algorithm, challenge: challenge.challenge, number: start + found, salt: challenge.salt, signature: challenge.signature };
      return btoa(JSON.stringify(solution));
    }
  }
  throw new Error('the proof-of-work challenge has no solution');
};
