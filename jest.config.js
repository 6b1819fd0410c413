/**
 * Two projects: unit specs next to the source, e2e specs that boot the app in-process.
 * Some dependencies load ES modules in ways Node ≥ 20.19 supports but jest's CommonJS loader does not:
 * content-disposition 3 (required by @fastify/static) is ESM-only, and mercurius loads quick-lru with a dynamic
 * import(). jest transpiles exactly these files to CommonJS (import() becomes require()); nothing else changes.
 */
const ESM_PACKAGES = ['content-disposition', 'quick-lru', 'mercurius'];
const esmPattern = `/node_modules/(${ESM_PACKAGES.join('|')})/.+\\.js$`;
const common = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['reflect-metadata'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    [esmPattern]: ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
  ],
};
