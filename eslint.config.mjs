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
  // Type-aware: a promise nobody awaits or handles loses its failure, and the order of what a job does.
  // Each file is read with the types of its project's tsconfig.json (and the sources it imports).
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  // Production code reaches no test tooling: no testing entry point, fast-check or test harness.
  {
    files: ['**/*.ts'],
    ignores: layering.testCodeFiles,
    rules: { '@typescript-eslint/no-restricted-imports': layering.productionImports },
  },
];
