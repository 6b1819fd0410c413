/**
 * Two projects: unit specs next to the source, e2e specs that boot the app in-process.
 *
 * jest runs with --experimental-vm-modules (see package.json): mercurius and PGlite load parts of themselves with
 * a dynamic import(), which jest's sandbox supports only with that flag. ES-module-only packages that are
 * require()d (NestJS 12, content-disposition 3) load as they are: jest 30 supports require() of ES modules on Node 24.
 */
const common = {
  // jest's node environment, closing what a test file left open (see test/environment.js).
  testEnvironment: '<rootDir>/test/environment.js',
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['reflect-metadata'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};

module.exports = {
  // The run ends when the last file is done (results written), even if something a test started is still
  // running: test/environment.js closes what the fixtures opened, this ends anything else.
  forceExit: true,
  // Tests that do real work (a shared store, two instances, a child process) take 2–3 s here when the machine is
  // quiet and several times that when it is not; jest's 5 s default then fails them for load, not for a fault.
  // Boots state their own, longer limit (test/fixtures/boot.ts). A global option: jest ignores it inside a project.
  testTimeout: 30_000,
  // Two worker processes, each replaced once it holds more than 1.5 GB after a file: in one process (jest's choice
  // on two cores) the whole suite's booted apps outgrew V8's 4 GB heap and the run died out of memory.
  maxWorkers: 2,
  workerIdleMemoryLimit: '1500MB',
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
  ],
};
