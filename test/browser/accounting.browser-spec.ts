import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config/config';
import { AppModule } from '../../src/app.module';
import { admin, bearer, ENTE_A, registerEnteWithKey } from '../helpers/test-app';
import { frXml, opiXml, paidPosition } from '../fixtures/reconciliation/scenario';
import { browserDescribe, launchChromium, screenshot, startBrowserApp, type BrowserApp } from './browser-harness';

const PASSWORD = 'contabile-password-lunga';
const IUF = '2030-03-06BCITITMM-0001';

/** Accertamenti and statistiche are issue 7's: this suite runs when the application mounts them. */
const mounted = (AppModule.forConfig(loadConfig({ QUADRA_ADMIN_TOKEN: 'x', DATA_DIR: '/tmp' })).imports ?? []).some((m) => (m as { name?: string }).name === 'AccertamentiModule');
const describeIfMounted = mounted ? browserDescribe('accounting') : (() => {
  console.log('SKIP: browser tests: accertamenti and statistiche are not mounted in AppModule');
  return describe.skip;
})();

describeIfMounted('accertamenti and statistiche in the console (Chromium)', () => {
  let t: BrowserApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startBrowserApp();
    const key = await registerEnteWithKey(t, ENTE_A);
    const base = `/api/v1/enti/${ENTE_A.codIpa}`;
    const p1 = await paidPosition(t, key, ENTE_A.codIpa, 'TARI-1', 14792);
    const p2 = await paidPosition(t, key, ENTE_A.codIpa, 'TARI-2', 5000);
    const rows = [p1, p2].map((p) => ({ iuv: p.iuv, iur: p.iur, amount: p.amount }));
    await t.http().post(`${base}/rendicontazioni`).set(bearer(key)).attach('file', Buffer.from(frXml({ iuf: IUF, cfEnte: ENTE_A.cfEnte, rows })), 'fr.xml').expect(200);
    const res = await t.http().post(`${base}/tesoreria`).set(bearer(key)).attach('file', Buffer.from(opiXml([{ numeroBolletta: 1, numeroDocumento: 1, dataMovimento: '2030-03-07', importo: 19792, ordinante: 'Intesa Sanpaolo', iuf: IUF }])), 'gdc.xml').expect(200);
    await t.http().get(`${base}/riconciliazione?minPosition=${res.headers['x-quadra-position']}`).set(bearer(key)).expect(200);
    await t.http().post(`${base}/anagrafica/2030/uffici`).set(admin).send({ codUfficio: 'UFF-TRIB', denominazione: 'Ufficio Tributi' }).expect(201);
    await t.http().post(`${base}/anagrafica/2030/capitoli`).set(admin).send({ codCapitolo: 'E.1.01.01.51', descrizione: 'Tassa sui rifiuti', codUfficio: 'UFF-TRIB' }).expect(201);
    await t.http().post(`${base}/operatori`).set(admin).send({ username: 'contabile', password: PASSWORD, roles: ['operatore'] }).expect(201);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT', acceptDownloads: true })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${t.baseUrl}/console`);
    await page.getByLabel("Codice IPA dell'ente").fill(ENTE_A.codIpa);
    await page.getByLabel('Nome utente').fill('contabile');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('heading', { name: 'Ricerca dovuti' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('statistiche: a time series chart of paid / reported / cashed, a table, and the CSV', async () => {
    await page.getByRole('link', { name: 'Statistiche' }).click();
    await page.getByLabel('Dal', { exact: true }).fill('2030-01-01');
    await page.getByLabel('Al', { exact: true }).fill('2030-12-31');
    await page.getByRole('button', { name: 'Aggiorna' }).click();
    const march = page.getByTestId('statistiche').getByRole('row').filter({ hasText: '2030-03' });
    await march.waitFor();
    expect(await march.textContent()).toContain('197,92');
    expect(await page.locator('figure.chart svg polyline').count()).toBe(3);
    await screenshot(page, '40-console-statistiche');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Scarica CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^statistiche-c_h501-totali-2030-01-01-2030-12-31\.csv$/);
  });

  it('accertamenti: create one, add a reported and cashed payment, close it', async () => {
    await page.getByRole('link', { name: 'Accertamenti' }).click();
    await page.getByLabel('Tipo dovuto').selectOption('TARI');
    await page.getByLabel('Anno di esercizio').fill('2030');
    await page.getByLabel('Descrizione').fill('TARI 2030 primo trimestre');
    await page.getByRole('button', { name: 'Crea accertamento' }).click();
    const detail = page.locator('section').filter({ has: page.getByRole('heading', { name: /TARI 2030 primo trimestre/ }) });
    // TARI-1 has no bilancio: without a capitolo the API refuses, and the page says why.
    await detail.getByRole('button', { name: 'Aggiungi TARI-1' }).click();
    await detail.getByRole('alert').filter({ hasText: 'no bilancio' }).waitFor();
    await detail.getByLabel('Capitolo per i pagamenti senza bilancio').selectOption('E.1.01.01.51');
    await detail.getByRole('button', { name: 'Aggiungi TARI-1' }).click();
    await detail.getByRole('link', { name: 'TARI-1' }).waitFor();
    expect(await detail.textContent()).toContain('UFF-TRIB/E.1.01.01.51');
    await detail.getByRole('button', { name: "Chiudi l'accertamento" }).click();
    await detail.getByText('CHIUSO').waitFor();
    await screenshot(page, '41-console-accertamenti');
  });
});
