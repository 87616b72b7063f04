import baseConfig from '../../eslint.config.mjs';
import layering from '../../tools/eslint/layering.cjs';

export default [...baseConfig, { files: ['**/*.ts'], rules: { 'no-restricted-imports': layering.domainNoBuiltins } }];
