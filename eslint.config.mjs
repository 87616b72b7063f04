import nx from '@nx/eslint-plugin';
import layering from './tools/eslint/layering.cjs';

// Projects' own configs take the rules from here, not from tools/eslint: an import of a project's file
// in a project's config is an edge of Nx's graph, and would make the project depend on the lint rules.
export { layering };

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
