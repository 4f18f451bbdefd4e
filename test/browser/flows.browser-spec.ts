import type { Browser, Page } from 'playwright-core';
import { admin, ENTE_A, registerEnteWithKey } from '../helpers/test-app';
import { generateFlow } from '../../src/flows/files/flow-generator';
import { browserDescribe, launchChromium, screenshot, startBrowserApp, type BrowserApp } from './browser-harness';

const PASSWORD = 'flussi-password-lunga';

browserDescribe('flows')('flussi in the console (Chromium)', () => {
  let t: BrowserApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startBrowserApp();
    await registerEnteWithKey(t, ENTE_A);
    await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/operatori`).set(admin).send({ username: 'caricatore', password: PASSWORD, roles: ['operatore'] }).expect(201);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' })).newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('(b) an operator uploads a flow with a progress bar, sees it processed with its scarti, then finds one of its dovuti and its timeline', async () => {
    const g = generateFlow({ rows: 40, version: '1_2', codIpa: ENTE_A.codIpa, badShare: 0.2, seed: 7, iuf: 'BROWSER_1', segregationCode: ENTE_A.segregationCode });
    await page.goto(`${t.baseUrl}/console/flussi`);
    await page.getByLabel("Codice IPA dell'ente").fill(ENTE_A.codIpa);
    await page.getByLabel('Nome utente').fill('caricatore');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('heading', { name: 'Flussi', exact: true }).waitFor();
    // The operator without role admin sees no "Operatori" entry.
    expect(await page.getByRole('navigation', { name: 'Sezioni della console' }).getByRole('link', { name: 'Operatori' }).count()).toBe(0);

    await page.getByLabel('File ZIP del flusso').setInputFiles({ name: g.zipName, mimeType: 'application/zip', buffer: Buffer.from(g.zip) });
    await page.getByRole('button', { name: 'Carica', exact: true }).click();
    await page.getByRole('status').filter({ hasText: "l'importazione è in corso" }).waitFor();

    const row = page.getByTestId('flussi').locator('tbody tr').filter({ hasText: g.zipName });
    await row.getByText('Completato').waitFor();
    const cells = await row.locator('td').allTextContents();
    const [righe, accettate, scartate] = [Number(cells[2]), Number(cells[3]), Number(cells[4])];
    expect(righe).toBe(40);
    expect(accettate + scartate).toBe(40);
    expect(scartate).toBeGreaterThanOrEqual(g.bad.length);
    expect(accettate).toBeGreaterThan(0);
    const scartiHref = await row.getByRole('link', { name: 'Scarti (CSV)' }).getAttribute('href');
    const scarti = await page.request.get(`${t.baseUrl}${scartiHref}`);
    expect(scarti.status()).toBe(200);
    expect((await scarti.text()).split('\r\n')[0]).toBe('num_riga_flusso;IUD;cod_rifiuto;de_rifiuto');
    await row.getByRole('link', { name: 'IUV generati (CSV)' }).waitFor();
    await screenshot(page, '10-console-flussi');

    // Prenota export of the paid dovuti (none paid yet: an empty export, still a ZIP to download).
    await page.getByRole('button', { name: 'Prenota export' }).click();
    const exportLink = page.getByTestId('export-pagati-stato').getByRole('link', { name: /Scarica l'export \(0 righe\)/ });
    await exportLink.waitFor();
    const zip = await page.request.get(`${t.baseUrl}${await exportLink.getAttribute('href')}`);
    expect(zip.status()).toBe(200);
    expect((await zip.body()).subarray(0, 2).toString()).toBe('PK');

    // Uploading the same flow again is refused in words.
    await page.getByLabel('File ZIP del flusso').setInputFiles({ name: g.zipName, mimeType: 'application/zip', buffer: Buffer.from(g.zip) });
    await page.getByRole('button', { name: 'Carica', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Conflitto' }).waitFor();

    // Find a dovuto of the flow and read where it came from.
    await page.getByRole('link', { name: 'Dovuti' }).click();
    await page.getByRole('status').filter({ hasText: `${accettate} dovuti trovati` }).waitFor();
    await page.getByTestId('risultati').locator('tbody tr a').first().click();
    const first = page.getByTestId('timeline').locator(':scope > li').first();
    await first.getByText('Dovuto creato', { exact: true }).waitFor();
    expect(await first.textContent()).toContain('import flusso');
    await screenshot(page, '11-console-dovuto-da-flusso');
  });
});
