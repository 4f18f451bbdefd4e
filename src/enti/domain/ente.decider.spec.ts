import { given as givenFor } from '../../../test/helpers/given-when-then';
import type { ConfigureTipoDovuto, EnteCommand, RegisterEnte } from './ente.commands';
import { enteDecider } from './ente.decider';
import { ENTE_EVENT_VERSIONS, type EnteEvent, type TipoDovuto } from './ente.events';

const given = givenFor(enteDecider);
const now = '2024-03-01T10:00:00+01:00';
const later = '2024-03-02T09:30:00+01:00';

// Given: a comune on a regional intermediary, station 01, segregation code 48
const registration: RegisterEnte['data'] = {
  codIpa: 'c_a562',
  cfEnte: '80016350821',
  denominazione: 'Comune di Bari',
  segregationCode: '48',
  idStazione: '15376371009_01',
  idIntermediario: '15376371009',
};
const register = (data: Partial<RegisterEnte['data']> = {}): EnteCommand => ({ type: 'RegisterEnte', data: { ...registration, ...data }, metadata: { now } });
const registered = (data: Partial<RegisterEnte['data']> = {}): EnteEvent => ({ type: 'EnteRegistered', data: { ...registration, ...data, at: now } });

const tari: ConfigureTipoDovuto['data'] = {
  codTipo: 'TARI',
  descrizione: 'Tassa rifiuti',
  iban: 'IT60X0542811101000000123456',
  active: true,
  spontaneous: false,
  datiSpecificiRiscossione: '9/0101100IM/',
  tassonomia: '0101100IM',
  scadenzaObbligatoria: true,
};
const tariStored = { ...tari } as TipoDovuto;
const configure = (data: Partial<ConfigureTipoDovuto['data']> = {}, at = later): EnteCommand => ({ type: 'ConfigureTipoDovuto', data: { ...tari, ...data }, metadata: { now: at } });
const configured = (tipo: Partial<TipoDovuto> = {}, created = true, at = later): EnteEvent => ({
  type: 'TipoDovutoConfigured',
  data: { codIpa: 'c_a562', tipoDovuto: { ...tariStored, ...tipo }, created, at },
});
const deactivate = (codTipo = 'TARI'): EnteCommand => ({ type: 'DeactivateTipoDovuto', data: { codTipo }, metadata: { now: later } });
const deactivated = (codTipo = 'TARI'): EnteEvent => ({ type: 'TipoDovutoDeactivated', data: { codIpa: 'c_a562', codTipo, at: later } });

const key = { keyId: 'gestionale-tributi', hash: 'sha256:9f86d081884c7d659a2feaa0c55ad015', label: 'Gestionale tributi', createdAt: later };
const registerKey = (data: Partial<typeof key> = {}): EnteCommand => ({ type: 'RegisterApiKey', data: { ...key, ...data }, metadata: { now: later } });
const keyIssued = (data: Partial<typeof key> = {}): EnteEvent => ({ type: 'ApiKeyIssued', data: { codIpa: 'c_a562', ...key, ...data } });
const revokeKey = (keyId = key.keyId, reason?: string): EnteCommand => ({ type: 'RevokeApiKey', data: { keyId, ...(reason && { reason }) }, metadata: { now: later } });
const keyRevoked = (keyId = key.keyId, reason?: string): EnteEvent => ({ type: 'ApiKeyRevoked', data: { codIpa: 'c_a562', keyId, ...(reason && { reason }), at: later } });

const annoRata = [
  { name: 'anno', label: 'Anno', type: 'number' as const, required: true, pattern: '\\d{4}' },
  { name: 'rata', label: 'Rata', type: 'select' as const, required: true, options: ['1', '2', 'unica'] },
];
const PNG_SHA = 'a'.repeat(64);
const logoCmd = (over: Record<string, unknown> = {}): EnteCommand => ({ type: 'ChangeEnteLogo', data: { mediaType: 'image/png', sha256: PNG_SHA, bytes: 5000, storedAs: 'enti/c_a562/logo.png', ...over }, metadata: { now: later } });
const logoChanged = (): EnteEvent => ({ type: 'EnteLogoChanged', data: { codIpa: 'c_a562', mediaType: 'image/png', sha256: PNG_SHA, bytes: 5000, storedAs: 'enti/c_a562/logo.png', at: later } });
const POSTAL = 'IT22L0760101600000012345678';
const addIban = (iban = 'it60 x054 2811 1010 0000 0123 456', postale = false, descrizione?: string): EnteCommand => ({ type: 'AddEnteIban', data: { iban, postale, ...(descrizione && { descrizione }) }, metadata: { now: later } });
const ibanAdded = (iban = 'IT60X0542811101000000123456', postale = false, descrizione?: string): EnteEvent => ({ type: 'EnteIbanAdded', data: { codIpa: 'c_a562', iban, postale, ...(descrizione && { descrizione }), at: later } });
const removeIban = (iban = 'IT60X0542811101000000123456'): EnteCommand => ({ type: 'RemoveEnteIban', data: { iban }, metadata: { now: later } });

const update = (data: Extract<EnteCommand, { type: 'UpdateEnte' }>['data']): EnteCommand => ({ type: 'UpdateEnte', data, metadata: { now: later } });

describe('ente', () => {
  describe('registering', () => {
    it('an unknown ente can be registered', () => {
      given().when(register()).then([registered()]);
    });

    it('keeps the optional application code and e-mail, trimming the e-mail', () => {
      given()
        .when(register({ applicationCode: '01', email: ' tributi@comune.bari.it ' }))
        .then([registered({ applicationCode: '01', email: 'tributi@comune.bari.it' })]);
    });

    it('an ente cannot be registered twice', () => {
      given(registered()).when(register()).thenThrows('ENTE_ALREADY_REGISTERED', { kind: 'conflict' });
    });

    it.each([
      [{ codIpa: 'c-a562' }, 'INVALID_COD_IPA', 'codIpa'],
      [{ codIpa: '' }, 'INVALID_COD_IPA', 'codIpa'],
      [{ codIpa: 'x'.repeat(36) }, 'INVALID_COD_IPA', 'codIpa'],
      [{ cfEnte: '80016350822' }, 'INVALID_CF_ENTE', 'cfEnte'],
      [{ cfEnte: '8001635082' }, 'INVALID_CF_ENTE', 'cfEnte'],
      [{ denominazione: '   ' }, 'INVALID_DENOMINAZIONE', 'denominazione'],
      [{ denominazione: 'x'.repeat(141) }, 'INVALID_DENOMINAZIONE', 'denominazione'],
      [{ segregationCode: '50' }, 'INVALID_SEGREGATION_CODE', 'segregationCode'],
      [{ segregationCode: '4' }, 'INVALID_SEGREGATION_CODE', 'segregationCode'],
      [{ idStazione: 'stazione 01' }, 'INVALID_ID_STAZIONE', 'idStazione'],
      [{ idIntermediario: '77777777777' }, 'INVALID_ID_INTERMEDIARIO', 'idIntermediario'],
      [{ applicationCode: '1' }, 'INVALID_APPLICATION_CODE', 'applicationCode'],
      [{ email: 'tributi.comune.bari.it' }, 'INVALID_EMAIL', 'email'],
    ])('refuses %j with %s', (data, code, field) => {
      given().when(register(data)).thenThrows(code, { kind: 'invalid', field });
    });

    it('says why a CF ente is wrong and keeps the underlying reason', () => {
      const error = given().when(register({ cfEnte: '80016350822' })).thenThrows('INVALID_CF_ENTE', { message: /check digit is 1/ });
      expect(error.details).toMatchObject({ reason: 'PARTITA_IVA_CHECK_DIGIT', expected: '1' });
    });
  });

  describe('updating', () => {
    it('records only the fields that change', () => {
      given(registered())
        .when(update({ denominazione: 'Comune di Bari', email: 'pagamenti@comune.bari.it', idStazione: '15376371009_02' }))
        .then([{ type: 'EnteUpdated', data: { codIpa: 'c_a562', changes: { email: 'pagamenti@comune.bari.it', idStazione: '15376371009_02' }, at: later } }]);
    });

    it('changes nothing when every value is already the current one', () => {
      given(registered({ email: 'tributi@comune.bari.it' }))
        .when(update({ denominazione: 'Comune di Bari', email: 'tributi@comune.bari.it' }))
        .thenNothing();
    });

    it('removes an optional value with null', () => {
      const { state } = given(registered({ email: 'tributi@comune.bari.it' })).when(update({ email: null })).thenState();
      expect(state.status === 'registered' && state.profile.email).toBeUndefined();
    });

    it('removing a value that is not set changes nothing', () => {
      given(registered()).when(update({ applicationCode: null })).thenNothing();
    });

    it('validates the new values', () => {
      given(registered()).when(update({ idIntermediario: '15376371008' })).thenThrows('INVALID_ID_INTERMEDIARIO', { field: 'idIntermediario' });
    });

    it('an unregistered ente cannot be updated', () => {
      given().when(update({ denominazione: 'Comune di Bari' })).thenThrows('ENTE_NOT_FOUND', { kind: 'not_found' });
    });
  });

  describe('tipi dovuto', () => {
    it('a new tipo dovuto is configured, with its IBAN normalised', () => {
      given(registered())
        .when(configure({ iban: 'it60 x054 2811 1010 0000 0123 456' }))
        .then([configured()]);
    });

    it('configuring the same tipo again with the same values changes nothing (even typed with spaces)', () => {
      given(registered(), configured())
        .when(configure({ iban: 'IT60 X054 2811 1010 0000 0123 456' }))
        .thenNothing();
    });

    it('a changed configuration replaces the previous one', () => {
      given(registered(), configured())
        .when(configure({ importoFisso: 5000, causaleTemplate: 'TARI {anno} rata {rata}', campi: annoRata }))
        .then([configured({ importoFisso: 5000, causaleTemplate: 'TARI {anno} rata {rata}', campi: annoRata }, false)]);
    });

    it('removing an optional value counts as a change', () => {
      given(registered(), configured())
        .when(configure({ tassonomia: undefined }))
        .thenMatches([{ type: 'TipoDovutoConfigured', data: { created: false, tipoDovuto: { codTipo: 'TARI' } } }]);
    });

    it('accepts a Poste IBAN for bollettino payments', () => {
      const postal = 'IT22L0760101600000012345678';
      given(registered())
        .when(configure({ ibanPostale: postal }))
        .then([configured({ ibanPostale: postal })]);
    });

    it.each([
      [{ codTipo: 'TARI 2024' }, 'INVALID_COD_TIPO', 'codTipo'],
      [{ codTipo: 'x'.repeat(65) }, 'INVALID_COD_TIPO', 'codTipo'],
      [{ descrizione: '' }, 'INVALID_DESCRIZIONE', 'descrizione'],
      [{ iban: 'IT60X0542811101000000123457' }, 'IBAN_CHECK_DIGITS', 'iban'],
      [{ iban: 'IT60X054281110100000012345' }, 'IBAN_LENGTH', 'iban'],
      [{ ibanPostale: 'IT60X0542811101000000123456' }, 'IBAN_NOT_POSTAL', 'ibanPostale'],
      [{ ibanPostale: 'IT96R0760154321000000012345' }, 'IBAN_CHECK_DIGITS', 'ibanPostale'],
      [{ importoFisso: 0 }, 'INVALID_IMPORTO_FISSO', 'importoFisso'],
      [{ importoFisso: 12.5 }, 'INVALID_IMPORTO_FISSO', 'importoFisso'],
      [{ tassonomia: '9/0101100IM/' }, 'INVALID_TASSONOMIA', 'tassonomia'],
      [{ datiSpecificiRiscossione: '9/01' }, 'INVALID_DATI_SPECIFICI_RISCOSSIONE', 'datiSpecificiRiscossione'],
      [{ causaleTemplate: ' ' }, 'INVALID_CAUSALE_TEMPLATE', 'causaleTemplate'],
    ] as const)('refuses %j with %s', (data, code, field) => {
      given(registered()).when(configure(data as Partial<ConfigureTipoDovuto['data']>)).thenThrows(code, { kind: 'invalid', field });
    });

    it('a tipo dovuto cannot be configured on an unregistered ente', () => {
      given().when(configure()).thenThrows('ENTE_NOT_FOUND');
    });

    it('an active tipo dovuto can be deactivated', () => {
      given(registered(), configured()).when(deactivate()).then([deactivated()]);
    });

    it('deactivating an inactive tipo changes nothing', () => {
      given(registered(), configured(), deactivated()).when(deactivate()).thenNothing();
    });

    it('a tipo configured as inactive needs no deactivation', () => {
      given(registered(), configured({ active: false })).when(deactivate()).thenNothing();
    });

    it('an unknown tipo dovuto cannot be deactivated', () => {
      given(registered(), configured()).when(deactivate('MENSA')).thenThrows('TIPO_DOVUTO_NOT_FOUND', { kind: 'not_found', field: 'codTipo' });
    });

    it('a deactivated tipo is reactivated by configuring it as active', () => {
      given(registered(), configured(), deactivated())
        .when(configure({}, later))
        .then([configured({}, false)]);
    });

    it('the state keeps each tipo by code, including codes that look like object internals', () => {
      const { state } = given(registered(), configured())
        .when(configure({ codTipo: '__proto__' }))
        .thenState();
      if (state.status !== 'registered') throw new Error('expected a registered ente');
      expect([...state.tipiDovuto.keys()]).toEqual(['TARI', '__proto__']);
      expect(state.tipiDovuto.get('__proto__')?.iban).toBe('IT60X0542811101000000123456');
    });

    it('deactivation shows in the state', () => {
      const { state } = given(registered(), configured()).when(deactivate()).thenState();
      expect(state.status === 'registered' && state.tipiDovuto.get('TARI')?.active).toBe(false);
    });
  });

  describe('tipi dovuto: spontaneous form, causale template, default bilancio', () => {
    it('keeps the form fields and a causale template that uses them', () => {
      given(registered())
        .when(configure({ spontaneous: true, campi: annoRata, causaleTemplate: 'TARI {anno} rata {rata}' }))
        .then([configured({ spontaneous: true, campi: annoRata, causaleTemplate: 'TARI {anno} rata {rata}' })]);
    });

    it('the same form sent again changes nothing', () => {
      given(registered(), configured({ campi: annoRata }))
        .when(configure({ campi: annoRata.map((c) => ({ ...c })) }))
        .thenNothing();
    });

    it('a changed form is a new configuration', () => {
      given(registered(), configured({ campi: annoRata }))
        .when(configure({ campi: [annoRata[0]!] }))
        .thenMatches([{ type: 'TipoDovutoConfigured', data: { created: false, tipoDovuto: { campi: [annoRata[0]] } } }]);
    });

    it('refuses a causale template with a placeholder that is not a declared field', () => {
      given(registered()).when(configure({ campi: annoRata, causaleTemplate: 'TARI {anno} {mese}' })).thenThrows('INVALID_CAUSALE_TEMPLATE', { field: 'causaleTemplate', message: /\{mese\}/ });
      given(registered()).when(configure({ causaleTemplate: 'TARI {anno}' })).thenThrows('INVALID_CAUSALE_TEMPLATE', { message: /declares no form fields/ });
    });

    it.each([
      [[{ name: '1anno', label: 'Anno', type: 'text' }], 'INVALID_CAMPO_NAME'],
      [[{ name: 'anno', label: '', type: 'text' }], 'INVALID_CAMPO_LABEL'],
      [[{ name: 'anno', label: 'Anno', type: 'checkbox' }], 'INVALID_CAMPO_TYPE'],
      [[{ name: 'anno', label: 'Anno', type: 'text', pattern: '([' }], 'INVALID_CAMPO_PATTERN'],
      [[{ name: 'anno', label: 'Anno', type: 'text', maxLength: 0 }], 'INVALID_CAMPO_MAX_LENGTH'],
      [[{ name: 'rata', label: 'Rata', type: 'select' }], 'INVALID_CAMPO_OPTIONS'],
      [[{ name: 'anno', label: 'Anno', type: 'text', options: ['a'] }], 'INVALID_CAMPO_OPTIONS'],
      [[{ name: 'anno', label: 'Anno', type: 'text' }, { name: 'anno', label: 'Anno 2', type: 'text' }], 'DUPLICATE_CAMPO'],
    ])('refuses the form %j with %s', (campi, code) => {
      given(registered()).when(configure({ campi })).thenThrows(code, { kind: 'invalid' });
    });

    it('keeps a default bilancio split whose percentuali add up to 100', () => {
      const bilancioDefault = [{ codCapitolo: 'CAP-1', percentuale: 70 }, { codCapitolo: 'CAP-2', codAccertamento: 'ACC-9', percentuale: 30 }];
      given(registered()).when(configure({ bilancioDefault })).then([configured({ bilancioDefault })]);
    });

    it.each([
      [[{ codCapitolo: 'CAP-1', percentuale: 70 }]],
      [[{ codCapitolo: 'CAP-1', percentuale: 0 }, { codCapitolo: 'CAP-2', percentuale: 100 }]],
      [[{ codCapitolo: '', percentuale: 100 }]],
      [[]],
    ])('refuses the default bilancio %j', (bilancioDefault) => {
      given(registered()).when(configure({ bilancioDefault })).thenThrows('INVALID_BILANCIO_DEFAULT');
    });
  });

  describe('IBANs of the ente', () => {
    it('a bank account is added, normalised', () => given(registered()).when(addIban()).then([ibanAdded()]));
    it('a Poste account is added as postale', () => given(registered()).when(addIban(POSTAL, true, 'bollettini')).then([ibanAdded(POSTAL, true, 'bollettini')]));
    it('adding the same account again changes nothing', () => given(registered(), ibanAdded()).when(addIban()).thenNothing());
    it('refuses a wrong check digit', () => {
      given(registered()).when(addIban('IT60X0542811101000000123457')).thenThrows('IBAN_CHECK_DIGITS', { field: 'iban' });
    });
    it('refuses a bank account declared postale, and a Poste account declared bank', () => {
      given(registered()).when(addIban('IT60X0542811101000000123456', true)).thenThrows('IBAN_NOT_POSTAL');
      given(registered()).when(addIban(POSTAL, false)).thenThrows('IBAN_IS_POSTAL');
    });
    it('an account can be removed', () => given(registered(), ibanAdded()).when(removeIban()).thenMatches([{ type: 'EnteIbanRemoved' }]));
    it('an unknown account cannot be removed', () => {
      given(registered()).when(removeIban()).thenThrows('IBAN_NOT_FOUND', { kind: 'not_found' });
    });
    it('the account of an active tipo dovuto cannot be removed', () => {
      given(registered(), ibanAdded(), configured()).when(removeIban()).thenThrows('IBAN_IN_USE', { kind: 'conflict' });
    });
    it('an unregistered ente has no accounts', () => {
      given().when(addIban()).thenThrows('ENTE_NOT_FOUND');
    });
    it('the state lists the accounts', () => {
      const { state } = given(registered(), ibanAdded()).when(addIban(POSTAL, true)).thenState();
      expect(state.status === 'registered' && [...(state.ibans?.keys() ?? [])]).toEqual(['IT60X0542811101000000123456', POSTAL]);
    });
  });

  describe('logo', () => {
    it('a PNG logo is recorded with its hash', () => given(registered()).when(logoCmd()).then([logoChanged()]));
    it('the same image again changes nothing', () => given(registered(), logoChanged()).when(logoCmd()).thenNothing());
    it('refuses an image that is not PNG or JPEG', () => {
      given(registered()).when(logoCmd({ mediaType: 'image/gif' })).thenThrows('INVALID_LOGO_TYPE', { field: 'logo' });
    });
    it('refuses a logo above 200 KB', () => {
      given(registered()).when(logoCmd({ bytes: 200 * 1024 + 1 })).thenThrows('LOGO_TOO_LARGE', { kind: 'too_large' });
    });
    it('an unregistered ente has no logo', () => {
      given().when(logoCmd()).thenThrows('ENTE_NOT_FOUND');
    });
  });

  describe('API keys', () => {
    it('a key is issued with its hash, never the key itself', () => {
      given(registered()).when(registerKey()).then([keyIssued()]);
    });

    it('a retried registration of the same key changes nothing', () => {
      given(registered(), keyIssued()).when(registerKey()).thenNothing();
    });

    it('a key id cannot be reused for another key', () => {
      given(registered(), keyIssued()).when(registerKey({ hash: 'sha256:0000000000000000000000000000000' })).thenThrows('API_KEY_ALREADY_EXISTS', { kind: 'conflict' });
    });

    it('a revoked key id cannot be issued again', () => {
      given(registered(), keyIssued(), keyRevoked()).when(registerKey()).thenThrows('API_KEY_ALREADY_EXISTS');
    });

    it.each([
      [{ keyId: 'key id' }, 'INVALID_KEY_ID'],
      [{ hash: 'short' }, 'INVALID_KEY_HASH'],
      [{ label: '' }, 'INVALID_KEY_LABEL'],
      [{ createdAt: 'yesterday' }, 'INVALID_CREATED_AT'],
    ])('refuses %j with %s', (data, code) => {
      given(registered()).when(registerKey(data)).thenThrows(code);
    });

    it('a key can be revoked, with a reason', () => {
      given(registered(), keyIssued()).when(revokeKey(key.keyId, 'leaked in a log')).then([keyRevoked(key.keyId, 'leaked in a log')]);
    });

    it('revoking a revoked key changes nothing', () => {
      given(registered(), keyIssued(), keyRevoked()).when(revokeKey()).thenNothing();
    });

    it('an unknown key cannot be revoked', () => {
      given(registered()).when(revokeKey('nope')).thenThrows('API_KEY_NOT_FOUND', { kind: 'not_found' });
    });

    it('keys cannot be issued for an unregistered ente', () => {
      given().when(registerKey()).thenThrows('ENTE_NOT_FOUND');
    });

    it('revocation shows in the state', () => {
      const { state } = given(registered(), keyIssued()).when(revokeKey()).thenState();
      expect(state.status === 'registered' && state.apiKeys.get(key.keyId)).toMatchObject({ hash: key.hash, revokedAt: later });
    });
  });

  it('every event type has a schema version', () => {
    const events: EnteEvent[] = [registered(), configured(), deactivated(), keyIssued(), keyRevoked(), { type: 'EnteUpdated', data: { codIpa: 'x', changes: {}, at: now } }, ibanAdded(), { type: 'EnteIbanRemoved', data: { codIpa: 'x', iban: 'y', at: now } }, logoChanged()];
    const types = events.map((e) => e.type);
    for (const t of types) expect(ENTE_EVENT_VERSIONS[t]).toBeGreaterThanOrEqual(1);
    expect(Object.keys(ENTE_EVENT_VERSIONS).sort()).toEqual([...new Set(types)].sort());
  });
});
