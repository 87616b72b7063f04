import nx from '@nx/eslint-plugin';
import layering from './tools/eslint/layering.cjs';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/coverage', '.data', '.nx', 'tmp'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': layering.moduleBoundaries,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  // Production code reaches no test tooling: no testing entry point, fast-check or test harness.
  {
    files: ['**/*.ts'],
    ignores: layering.testCodeFiles,
    rules: { '@typescript-eslint/no-restricted-imports': layering.productionImports },
  },
];
