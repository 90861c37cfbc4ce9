// Lint: type-aware TypeScript everywhere, and the engine's purity rule for src/core and src/sim.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { defineConfig } from 'eslint/config';

/** What the deterministic engine may not touch: a run must replay exactly from its seed. */
export const enginePurity = {
  'no-restricted-imports': [
    'error',
    {
      paths: ['react', 'react-dom', 'd3', 'zustand', 'comlink'].map((name) => ({
        name,
        message: 'src/core and src/sim are the pure engine: no UI or worker libraries.',
      })),
      patterns: [
        { group: ['react-dom/*', 'd3-*', 'zustand/*', 'comlink/*'], message: 'The engine stays pure.' },
        { group: ['**/ui/**', '**/runtime/**'], message: 'Imports point down only.' },
      ],
    },
  ],
  'no-restricted-globals': [
    'error',
    ...['window', 'document', 'navigator', 'localStorage', 'performance', 'setTimeout', 'setInterval', 'requestAnimationFrame', 'Date', 'self', 'postMessage', 'Worker'].map(
      (name) => ({ name, message: `${name} breaks determinism or purity: use the node environment or the sim clock.` }),
    ),
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Use the seeded prng passed in, never Math.random.' },
    { object: 'Date', property: 'now', message: 'Use virtual time, never the wall clock.' },
    { object: 'performance', property: 'now', message: 'Use virtual time, never the wall clock.' },
    { object: 'globalThis', property: 'setTimeout', message: 'Use node timers in virtual time.' },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: 'PropertyDefinition > PrivateIdentifier',
      message: 'State in #private fields is invisible to checkpoints (core/memory-image.ts): use `private`.',
    },
  ],
};

export default defineConfig([
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'tests/lint/fixtures/**', 'scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.app.json', './tsconfig.worker.json', './tsconfig.e2e.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/sim/**/*.ts'],
    rules: enginePurity,
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
]);
