/** Debian's Chromium; playwright-core never downloads a browser of its own here. */
module.exports = { CHROMIUM: process.env.QUADRA_CHROMIUM ?? '/usr/bin/chromium' };
