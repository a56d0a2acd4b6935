/** One jest run over every package, so `pnpm test` prints one summary. */
module.exports = {
  projects: [
    '<rootDir>/proto',
    '<rootDir>/control-plane',
    '<rootDir>/data-plane',
    '<rootDir>/deploy/local',
    '<rootDir>/console',
  ],
  // Global, not per project: integration tests start real processes and servers.
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/jest.summary-reporter.js'],
};
