/**
 * Scale tests (`npm run test:scale`): real PostgreSQL and Redis started by scripts/services.sh, several app
 * instances in separate processes (compiled to dist-scale/ first by scripts/test-scale.sh). They read
 * SCALE_DATABASE_URL (a server URL; each suite creates its own database) and SCALE_REDIS_URL.
 */
module.exports = {
  displayName: 'scale',
  testEnvironment: '<rootDir>/test/environment.js',
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['reflect-metadata'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // As in jest.config.js: the run ends when the last file is done.
  forceExit: true,
  globalSetup: '<rootDir>/test/scale/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  testMatch: ['<rootDir>/test/scale/**/*.scale-spec.ts'],
  // Suites share the two servers; one at a time keeps timings (lock expiry, schedules) predictable on 2 cores.
  maxWorkers: 1,
  testTimeout: 120_000,
};
