/** Three projects: fast pure tests, tests against a real DynamoDB Local, and CDK template tests. */
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { module: 'commonjs', allowJs: true } }] },
  // @middy/core and jose ship ESM only; let ts-jest turn them into CommonJS too.
  transformIgnorePatterns: ['node_modules/(?!(@middy|jose)/)'],
  setupFiles: ['<rootDir>/test/support/test-environment.ts'],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    { ...shared, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
  ],
  // A global-only option: concurrency tests against DynamoDB Local and CDK synthesis take seconds, not milliseconds.
  testTimeout: 120_000,
};
