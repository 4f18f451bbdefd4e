/** The browser suite: the project's jest setup, its own files, and a global setup that builds the web app once. */
const path = require('node:path');
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  rootDir: path.resolve(__dirname, '..', '..'),
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.browser-spec.ts'],
  globalSetup: '<rootDir>/test/browser/global-setup.js',
  testTimeout: 60_000,
  // One Chromium at a time: on a 2-core CI box parallel browsers only make each other time out.
  maxWorkers: 1,
};
