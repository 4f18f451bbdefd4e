/**
 * Builds the web app once for the whole browser suite (a production build: what `npm start` serves), or announces
 * the skip when Debian's Chromium is not installed. Jest hides the output of a file whose tests are all skipped.
 */
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { CHROMIUM } = require('./chromium-path.js');

module.exports = async () => {
  if (!fs.existsSync(CHROMIUM)) {
    process.stdout.write(`\nSKIP: browser tests: ${CHROMIUM} not found\n\n`);
    return;
  }
  const root = path.resolve(__dirname, '..', '..');
  const t0 = Date.now();
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.mts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  process.stdout.write(`\nbrowser tests: web app built in ${Date.now() - t0} ms\n`);
};
