import baseConfig, { layering } from '../../eslint.config.mjs';

// A tool for developing the workspace, never shipped. It checks the documents against the CLI's own
// command definitions, so it is the one project that imports an app (its program, not its commands' work).
export default [
  ...baseConfig,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': 'off',
      '@nx/enforce-module-boundaries': layering.moduleBoundariesAllowing(['@trading-monitor/cli/program']),
    },
  },
];
