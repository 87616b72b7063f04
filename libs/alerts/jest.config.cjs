module.exports = {
  displayName: 'alerts',
  preset: '../../jest.preset.cjs',
};
