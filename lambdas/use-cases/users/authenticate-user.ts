import type { CredentialKind } from '../../domain/credentials';
import { CredentialKind as Kind, credentialKindOf, userKeyPattern } from '../../domain/credentials';
import { InvalidTokenError } from '../../domain/errors';
import type { QueuePolicy } from '../../domain/queue';
import type { Clock } from '../ports';
import type { QueueTokenReader, QueueTokenVerifier } from '../queue/ports';
import type { LiveToken } from '../queue/resolve-live-token';
import { resolveLiveToken } from '../queue/resolve-live-token';
import type { UserKeyReader, UserKeys } from './ports';

/** Who is calling a "(user)" route, and with which credential. */
export type AuthenticatedUser =
  | { readonly userId: string; readonly credential: typeof Kind.userKey }
  | { readonly userId: string; readonly credential: typeof Kind.queueToken; readonly token: LiveToken };

export interface UserKeyAuthenticationDeps {
  readonly users: UserKeyReader;
  readonly keys: Pick<UserKeys, 'hashOf'>;
}

export interface UserAuthenticationDeps extends UserKeyAuthenticationDeps {
  readonly verifier: QueueTokenVerifier;
  readonly tokens: QueueTokenReader;
  readonly clock: Clock;
  readonly policy: QueuePolicy;
}

const refusal = (accepts: typeof Kind.userKey | typeof Kind.user) => (problem: ConstructorParameters<typeof InvalidTokenError>[0]) =>
  new InvalidTokenError(problem, accepts);

/**
 * The user of a user key (one consistent read by its hash), for a route that accepts only user keys: anything else
 * is refused before any storage is read. Needs no token verifier, so such routes do not bundle one.
 */
export const authenticateUserKey =
  (deps: UserKeyAuthenticationDeps) =>
  async (credential: string, accepts: typeof Kind.userKey | typeof Kind.user = Kind.userKey): Promise<AuthenticatedUser> => {
    const refuse = refusal(accepts);
    const kind = credentialKindOf(credential);
    if (kind !== Kind.userKey) throw refuse(kind === Kind.queueToken ? 'queueTokenNotAccepted' : 'unknownUserKey');
    if (!userKeyPattern.test(credential)) throw refuse('unknownUserKey');
    const userId = await deps.users.findUserIdByKeyHash(deps.keys.hashOf(credential));
    if (!userId) throw refuse('unknownUserKey');
    return { userId, credential: Kind.userKey };
  };

/**
 * The user behind a bearer credential, for a route that accepts `accepts`: a user key (one consistent read by its
 * hash) or a live queue token (signature, then the token's state in the table). The wrong kind is refused before
 * any storage is read, with a message naming what the route wants.
 */
export const authenticateUser = (deps: UserAuthenticationDeps) => {
  const resolveToken = resolveLiveToken(deps);
  const byKey = authenticateUserKey(deps);
  return async (credential: string, accepts: typeof Kind.userKey | typeof Kind.user): Promise<AuthenticatedUser> => {
    if (accepts === Kind.userKey || credentialKindOf(credential) === Kind.userKey) return byKey(credential, accepts);
    try {
      const claims = await deps.verifier.verify(credential, deps.clock.now());
      const token = await resolveToken(claims);
      return { userId: token.userId, credential: Kind.queueToken, token };
    } catch (error) {
      throw error instanceof InvalidTokenError ? error.expecting(accepts satisfies CredentialKind) : error;
    }
  };
};
