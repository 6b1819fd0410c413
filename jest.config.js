/**
 * Two projects: unit specs next to the source, e2e specs that boot the app in-process.
 *
 * jest runs with --experimental-vm-modules (see package.json): mercurius and PGlite load parts of themselves with
 * a dynamic import(), which jest's sandbox supports only with that flag. ES-module-only packages that are
 * require()d (NestJS 12, content-disposition 3) load as they are: jest 30 supports require() of ES modules on Node 24.
 */
const common = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['reflect-metadata'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};

module.exports = {
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
  ],
};
