/** One jest run over every package, so `pnpm test` prints one summary. */
module.exports = {
  projects: ['<rootDir>/proto', '<rootDir>/control-plane', '<rootDir>/data-plane', '<rootDir>/deploy/local'],
  reporters: ['default', '<rootDir>/jest.summary-reporter.js'],
};
