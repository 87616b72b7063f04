module.exports = {
  displayName: 'docs-check',
  preset: '../../jest.preset.cjs',
};
