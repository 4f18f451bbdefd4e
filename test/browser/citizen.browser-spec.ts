import type { Browser, Page } from 'playwright-core';
import { admin, ENTE_A, ENTE_B, IBAN, registerEnteWithKey } from '../helpers/test-app';
import { browserDescribe, horizontalOverflow, launchChromium, screenshot, startBrowserApp, type BrowserApp } from './browser-harness';

const CF = 'RSSMRA80A01H501U';

browserDescribe('citizen portal')('citizen portal in Chromium', () => {
  let t: BrowserApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startBrowserApp();
    await registerEnteWithKey(t, ENTE_A);
    await registerEnteWithKey(t, ENTE_B, []);
    const res = await t
      .http()
      .put(`/api/v1/enti/${ENTE_A.codIpa}/tipi-dovuto/MENSA`)
      .set(admin)
      .send({
        descrizione: 'Mensa scolastica',
        iban: IBAN,
        tassonomia: '0101100IM',
        spontaneous: true,
        importoFisso: '4.50',
        campi: [
          { name: 'alunno', label: 'Nome alunno', type: 'text', required: true, maxLength: 40 },
          { name: 'mese', label: 'Mese', type: 'select', required: true, options: ['gennaio', 'febbraio'] },
        ],
        causaleTemplate: 'Mensa {mese} {alunno}',
      })
      .expect(200);
    await t.http().get(`/api/v1/catalogo-enti?minPosition=${res.headers['x-quadra-position']}`).expect(200);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' })).newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('(c) a citizen finds the ente, fills the spontaneous form, pays through the simulator and finds the receipt', async () => {
    await page.goto(`${t.baseUrl}/`);
    await page.getByRole('heading', { name: 'Scelta beneficiario' }).waitFor();
    await page.getByLabel("Nome dell'ente o codice IPA").fill('comune rom');
    await page.getByRole('status').filter({ hasText: '1 ente trovato' }).waitFor();
    await screenshot(page, '30-portale-scelta-beneficiario');
    await page.getByRole('link', { name: 'Comune di Roma' }).click();

    await page.getByRole('radio', { name: /Mensa scolastica/ }).check();
    // The form is the one the ente built: a required field left empty is caught before anything is created.
    await page.getByLabel('Mese (obbligatorio)').selectOption('febbraio');
    await page.getByLabel('Nome alunno (obbligatorio)').fill('Giulia Rossi');
    await page.getByLabel('Codice fiscale (obbligatorio)').fill(CF.toLowerCase());
    await page.getByLabel('Nome e cognome (obbligatorio)').fill('Mario Rossi');
    await screenshot(page, '31-portale-modulo');
    await page.getByRole('button', { name: /Procedi al pagamento di 4,50/ }).click();

    const ready = page.getByTestId('pagamento-creato');
    await ready.getByText('Mensa febbraio Giulia Rossi').waitFor();
    const numeroAvviso = (await ready.locator('dd.mono').first().textContent())!.trim();
    expect(numeroAvviso).toMatch(/^3\d{17}$/);

    // The simulator's checkout page, then back to the portal with the outcome.
    await ready.getByRole('button', { name: 'Paga ora con pagoPA' }).click();
    await page.waitForURL(/\/simulator\/checkout\//);
    await screenshot(page, '32-simulatore-checkout');
    await page.getByRole('button', { name: /^Paga/ }).click();
    await page.waitForURL(/\/portale\/esito\?/);
    await page.getByRole('heading', { name: 'Pagamento eseguito' }).waitFor();
    await screenshot(page, '33-portale-esito');

    // I miei pagamenti: simulated citizen login, the receipt is there.
    await page.getByRole('link', { name: 'Vai a I miei pagamenti' }).click();
    await page.getByLabel('Codice fiscale').fill(CF);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('radio', { name: 'Pagati' }).check();
    const card = page.locator('ul.cards li').filter({ hasText: numeroAvviso });
    await card.waitFor();
    expect(await card.textContent()).toContain('Pagato');
    const href = await card.getByRole('link', { name: 'Ricevuta (PDF)' }).getAttribute('href');
    const pdf = await page.request.get(`${t.baseUrl}${href}`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await screenshot(page, '34-portale-miei-pagamenti');

    await page.setViewportSize({ width: 360, height: 740 });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });
});
