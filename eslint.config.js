import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'bench/results/**', 'web/dist/**', '*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // published algorithm coefficients and reference values are quoted with all their digits on purpose
    files: ['src/core/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-loss-of-precision': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core takes time from a Clock port' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'core takes time from a Clock port' },
      ],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'core uses a seeded RNG' }],
    },
  },
);
