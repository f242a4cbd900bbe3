/**
 * Stands in for `@aws-sdk/middleware-endpoint-discovery` inside Lambda bundles (see lib/bundling.ts). The DynamoDB
 * client resolves endpoint-discovery settings and builds an endpoint cache (with an LRU from mnemonist), but none of
 * the commands the service sends uses discovery (it is for a few legacy operations, off unless asked for), so the
 * settings resolve to "off" here and nothing is built: the settings, the endpoint cache and its LRU (~2 KB) stay out
 * of every function with a DynamoDB client.
 */
export const NODE_ENDPOINT_DISCOVERY_CONFIG_OPTIONS = {
  environmentVariableSelector: (): undefined => undefined,
  configFileSelector: (): undefined => undefined,
  default: undefined,
};

export const resolveEndpointDiscoveryConfig = <T extends object>(input: T): T & { endpointDiscoveryEnabled: () => Promise<boolean> } =>
  Object.assign(input, { endpointDiscoveryEnabled: async () => false });
