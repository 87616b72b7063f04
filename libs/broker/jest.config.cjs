module.exports = {
  displayName: 'broker',
  preset: '../../jest.preset.cjs',
};
