import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for `@aws-sdk/credential-provider-node` inside Lambda bundles (see lib/bundling.ts). Lambda hands a
 * function its role's credentials in environment variables, so the SDK's full default chain — SSO, INI files,
 * web identity, and the STS/SSO clients with their XML and query protocols, ~130 KB minified — is dead weight
 * that every cold start would parse. Local runs and tests keep the real chain.
 */
export const defaultProvider = fromEnv;
