import * as fs from 'node:fs';
import * as path from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/test-app';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CHROMIUM } = require('./chromium-path.js') as { CHROMIUM: string };

export const chromiumPresent = fs.existsSync(CHROMIUM);
export const SCREENSHOTS = path.resolve(__dirname, 'screenshots');

/** describe, or describe.skip with the line that says why (global setup prints it too, where jest cannot hide it). */
export function browserDescribe(name: string): jest.Describe {
  if (chromiumPresent) return describe;
  console.log(`SKIP: browser tests: ${CHROMIUM} not found (${name})`);
  return describe.skip;
}

export interface BrowserApp extends TestApp {
  baseUrl: string;
}

/** Quadra in-process on a random loopback port, embedded adapters, a fresh temporary data folder. */
export async function startBrowserApp(): Promise<BrowserApp> {
  // The port is chosen first so that PUBLIC_BASE_URL (checkout and return links) names the real address.
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await startTestApp({ PORT: String(port), PUBLIC_BASE_URL: baseUrl });
  await t.app.listen(port, '127.0.0.1');
  return { ...t, baseUrl };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Widest element beyond the viewport: a layout that breaks at 360 px scrolls the whole page sideways. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as Promise<number>;
}
