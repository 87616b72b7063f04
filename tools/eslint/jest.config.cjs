module.exports = {
  displayName: 'eslint-rules',
  preset: '../../jest.preset.cjs',
};
