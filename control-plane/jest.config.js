const base = require('../jest.preset')(__dirname, 'control-plane');

// openid-client 6 and its dependencies ship ES modules only. Node >= 20.19 loads them through
// require(esm) in the built control plane; jest's module system cannot, so swc turns them into
// CommonJS for tests.
const ESM_ONLY = ['openid-client', 'oauth4webapi', 'jose'];

module.exports = {
  ...base,
  transform: {
    ...base.transform,
    [`/node_modules/(\\.pnpm/[^/]+/node_modules/)?(${ESM_ONLY.join('|')})/.+\\.js$`]: [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(\\.pnpm/[^/]+/node_modules/)?(${ESM_ONLY.join('|')})/)`],
};
