import baseConfig, { layering } from '../../eslint.config.mjs';

// The real-NocoDB suite (`npm run test:nocodb`), never shipped: it may use test tooling, and drives the
// product as a trader would, through the apps' test kits (the CLI in-process, the scheduler as a process).
export default [
  ...baseConfig,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': 'off',
      '@nx/enforce-module-boundaries': layering.moduleBoundariesAllowing(['@trading-monitor/cli/testing', '@trading-monitor/scheduler/testing']),
    },
  },
];
