import baseConfig, { layering } from '../../eslint.config.mjs';

export default [...baseConfig, { files: ['**/*.ts'], rules: { 'no-restricted-imports': layering.workflowsNoBrokerCreation } }];
