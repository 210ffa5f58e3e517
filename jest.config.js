// Two projects: `unit` (pure logic and in-process HTTP, no network) and `stack`
// (the whole system started as the README does: real daprd, brokers and databases).
const transform = { '^.+\\.(tsx?|mjs)$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const moduleNameMapper = {
  '^@sidecart/contracts$': '<rootDir>/packages/contracts/src/index.ts',
  '^@sidecart/service-kit$': '<rootDir>/packages/service-kit/src/index.ts',
  '^@sidecart/paypal-double$': '<rootDir>/packages/paypal-double/src/index.ts',
};

/** @type {import('jest').Config} */
module.exports = {
  // Jest reads the timeout only at the top level. Stack tests wait for real brokers and sagas.
  testTimeout: 120000,
  // Files in a seeded random order under --randomize (npm test always randomizes; see scripts/test).
  testSequencer: '<rootDir>/jest.sequencer.js',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: ['<rootDir>/{packages,services,gateway,frontend,deploy}/**/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/', '\\.int\\.test\\.ts$', '/packages/stack-tests/'],
    },
    {
      displayName: 'stack',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: [
        '<rootDir>/packages/stack-tests/test/**/*.test.ts',
        '<rootDir>/{packages,services,gateway}/**/test/**/*.int.test.ts',
      ],
      setupFiles: ['<rootDir>/packages/stack-tests/src/sidecar-token.ts'],
      globalSetup: '<rootDir>/packages/stack-tests/src/global-setup.ts',
      globalTeardown: '<rootDir>/packages/stack-tests/src/global-teardown.ts',
    },
  ],
};
