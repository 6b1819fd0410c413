// ESLint: typescript-eslint's type-aware recommended rules over the TypeScript sources (src, test, bench), the
// recommended JavaScript rules over the plain scripts. Formatting is Prettier's (`npm run format`), not ESLint's.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-bench/**',
      'dist-scale/**',
      'dist-crash/**',
      'coverage/**',
      'data/**',
      'node_modules/**',
      'bench/results/**',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Orchestrators, ports and handlers implement promise-returning contracts; an `async` method without an
      // `await` is how such a method turns a thrown error into a rejection, which callers rely on.
      '@typescript-eslint/require-await': 'off',
      // A `_`-named parameter keeps a method's signature equal to the contract it implements (callers holding the
      // concrete class pass that argument too); `const { key: _, ...rest } = o` is how a copy drops one key.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Passing on what an operation rejected with, or an AbortSignal's reason (typed `any`), keeps the error the
      // caller must see; `only-throw-error` allows the same for `throw` by default. New reasons are still checked.
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
    },
  },
  {
    // jest's `expect(mock.method)` and spies pass methods unbound on purpose.
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
);
