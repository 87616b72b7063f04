import baseConfig from '../../eslint.config.mjs';

// A tool for developing the workspace, never shipped: it may use test tooling.
export default [...baseConfig, { files: ['**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': 'off' } }];
