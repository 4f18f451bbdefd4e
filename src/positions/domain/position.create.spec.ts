import { ValidationErrors } from '../../kernel/errors';
import { given as givenFor } from '../../../test/helpers/given-when-then';
import { positionDecider } from './position.decider';
import { cancelled, created, createPosition, input, position, tari } from './position.test-kit';

const given = givenFor(positionDecider);

describe('creating a dovuto (azione I)', () => {
  it('creates an open position whose numero avviso is "3" + IUV and whose dati specifici come from the tipo', () => {
    given().when(createPosition()).then([created()]);
    const { state } = given().when(createPosition()).thenState();
    expect(state.status).toBe('open');
    expect(state.position?.numeroAvviso).toBe('348000000001234539');
  });

  it('keeps the dati specifici di riscossione given with the position over the tipo default', () => {
    given().when(createPosition({ datiSpecificiRiscossione: '9/0101108TS/' })).then([created({ datiSpecificiRiscossione: '9/0101108TS/' })]);
  });

  it('keeps every optional MyPay field, normalised', () => {
    given()
      .when(
        createPosition({
          payer: { tipo: 'F', codiceIdentificativo: 'rssmra85t10a562s', anagrafica: ' Mario Rossi ', indirizzo: 'Via Sparano', civico: '12', cap: '70121', localita: 'Bari', provincia: 'BA', nazione: 'it', email: 'mario.rossi@example.it' },
          causale: '  TARI 2024 rata unica ',
          bilancio: { capitoli: [{ codCapitolo: '1010', codUfficio: 'TRIB', codAccertamento: 'ACC-17', importo: 10000 }, { codCapitolo: '1020', importo: 4792 }] },
          commissioneCaricoPa: 0,
        }),
      )
      .then([
        created({
          payer: { tipo: 'F', codiceIdentificativo: 'RSSMRA85T10A562S', anagrafica: 'Mario Rossi', indirizzo: 'Via Sparano', civico: '12', cap: '70121', localita: 'Bari', provincia: 'BA', nazione: 'IT', email: 'mario.rossi@example.it' },
          bilancio: { capitoli: [{ codCapitolo: '1010', codUfficio: 'TRIB', codAccertamento: 'ACC-17', importo: 10000 }, { codCapitolo: '1020', importo: 4792 }] },
          commissioneCaricoPa: 0,
        }),
      ]);
  });

  it('accepts a persona giuridica, and an anonymous persona fisica', () => {
    given().when(createPosition({ payer: { tipo: 'G', codiceIdentificativo: '15376371009', anagrafica: 'PagoPA S.p.A.' } })).thenMatches([{ type: 'PositionCreated' }]);
    given().when(createPosition({ payer: { tipo: 'F', codiceIdentificativo: 'anonimo', anagrafica: 'Anonimo' } })).thenMatches([
      { type: 'PositionCreated', data: { payer: { codiceIdentificativo: 'ANONIMO' } } },
    ]);
  });

  it('records a multi-beneficiary dovuto with the share of the ente secondario', () => {
    const secondario = { codiceFiscale: '00488410010', denominazione: 'Città Metropolitana di Bari', iban: 'IT70 A010 3062 5000 0000 1357 652', datiSpecificiRiscossione: '9/0101100IM/', importo: 739 };
    given()
      .when(createPosition({ secondario }))
      .then([created({ secondario: { ...secondario, iban: 'IT70A0103062500000001357652' } })]);
  });

  it('a second creation with the same IUD is a conflict', () => {
    given(created()).when(createPosition()).thenThrows('IUD_ALREADY_EXISTS', { kind: 'conflict', field: 'iud' });
  });

  it('a cancelled IUD cannot be created again either', () => {
    given(created(), cancelled()).when(createPosition()).thenThrows('IUD_ALREADY_EXISTS');
  });

  describe('the tipo dovuto', () => {
    it('must exist for the ente', () => {
      given().when(createPosition({}, { tipoDovuto: undefined })).thenThrows('TIPO_DOVUTO_UNKNOWN', { field: 'tipoDovuto', message: /"TARI" is not configured/ });
    });

    it('must be the tipo the position names', () => {
      given().when(createPosition({ tipoDovuto: 'MENSA' })).thenThrows('TIPO_DOVUTO_UNKNOWN');
    });

    it('must be active', () => {
      given().when(createPosition({}, { tipoDovuto: { ...tari, active: false } })).thenThrows('TIPO_DOVUTO_INACTIVE', { field: 'tipoDovuto' });
    });

    it('fixes the amount when it has an importo fisso', () => {
      given().when(createPosition({ importo: 14000 }, { tipoDovuto: { ...tari, importoFisso: 14792 } })).thenThrows('IMPORTO_FISSO_MISMATCH', { field: 'importo' });
      given().when(createPosition({}, { tipoDovuto: { ...tari, importoFisso: 14792 } })).thenMatches([{ type: 'PositionCreated' }]);
    });

    it('may require a dataScadenza', () => {
      given().when(createPosition({ dataScadenza: undefined })).thenThrows('DATA_SCADENZA_REQUIRED', { field: 'dataScadenza' });
    });

    it('a dataScadenza is optional when the tipo does not require it', () => {
      given()
        .when(createPosition({ dataScadenza: undefined }, { tipoDovuto: { ...tari, scadenzaObbligatoria: false } }))
        .thenMatches([{ type: 'PositionCreated', data: { iud: 'TARI-2024-0001' } }]);
    });

    it('without a default, the position must bring its dati specifici di riscossione', () => {
      given()
        .when(createPosition({}, { tipoDovuto: { code: 'TARI', active: true } }))
        .thenThrows('DATI_SPECIFICI_RISCOSSIONE_REQUIRED', { field: 'datiSpecificiRiscossione' });
    });
  });

  describe('the IUV', () => {
    it("must carry the ente's segregation code", () => {
      given().when(createPosition({}, { segregationCode: '01' })).thenThrows('IUV_SEGREGATION_CODE', { field: 'iuv' });
    });

    it('must have the right check digits', () => {
      given().when(createPosition({ iuv: '48000000001234538' })).thenThrows('IUV_CHECK_DIGITS', { field: 'iuv' });
    });

    it('must be an aux-3 IUV: legacy 15-digit IUVs are for imports of old data only', () => {
      given().when(createPosition({ iuv: '863965926210520' })).thenThrows('INVALID_IUV', { field: 'iuv' });
    });
  });

  it.each([
    [{ iud: '000123' }, 'INVALID_IUD', 'iud'],
    [{ iud: 'TARI;2024' }, 'INVALID_IUD', 'iud'],
    [{ payer: { tipo: 'F', codiceIdentificativo: '15376371009', anagrafica: 'PagoPA S.p.A.' } }, 'INVALID_CODICE_FISCALE', 'payer.codiceIdentificativo'],
    [{ payer: { tipo: 'F', codiceIdentificativo: 'RSSMRA85T10A562T', anagrafica: 'Mario Rossi' } }, 'CODICE_FISCALE_CHECK_CHARACTER', 'payer.codiceIdentificativo'],
    [{ payer: { tipo: 'G', codiceIdentificativo: '15376371008', anagrafica: 'PagoPA S.p.A.' } }, 'PARTITA_IVA_CHECK_DIGIT', 'payer.codiceIdentificativo'],
    [{ payer: { tipo: 'X', codiceIdentificativo: 'RSSMRA85T10A562S', anagrafica: 'Mario Rossi' } }, 'INVALID_PAYER_TYPE', 'payer.tipo'],
    [{ payer: { tipo: 'F', codiceIdentificativo: 'RSSMRA85T10A562S', anagrafica: '  ' } }, 'INVALID_PAYER_ANAGRAFICA', 'payer.anagrafica'],
    [{ payer: { tipo: 'F', codiceIdentificativo: 'RSSMRA85T10A562S', anagrafica: 'x'.repeat(71) } }, 'INVALID_PAYER_ANAGRAFICA', 'payer.anagrafica'],
    [{ payer: { tipo: 'F', codiceIdentificativo: 'RSSMRA85T10A562S', anagrafica: 'Mario Rossi', email: 'mario.rossi' } }, 'INVALID_PAYER_EMAIL', 'payer.email'],
    [{ payer: { tipo: 'F', codiceIdentificativo: 'RSSMRA85T10A562S', anagrafica: 'Mario Rossi', nazione: 'I1' } }, 'INVALID_PAYER_NAZIONE', 'payer.nazione'],
    [{ payer: undefined }, 'PAYER_REQUIRED', 'payer'],
    [{ importo: 0 }, 'INVALID_AMOUNT', 'importo'],
    [{ importo: -100 }, 'INVALID_AMOUNT', 'importo'],
    [{ importo: 147.92 }, 'INVALID_AMOUNT', 'importo'],
    [{ importo: 100_000_000_000 }, 'INVALID_AMOUNT', 'importo'],
    [{ dataScadenza: '2024-02-30' }, 'INVALID_DATA_SCADENZA', 'dataScadenza'],
    [{ dataScadenza: '2023-02-29' }, 'INVALID_DATA_SCADENZA', 'dataScadenza'],
    [{ dataScadenza: '30/06/2024' }, 'INVALID_DATA_SCADENZA', 'dataScadenza'],
    [{ causale: '' }, 'INVALID_CAUSALE', 'causale'],
    [{ causale: 'x'.repeat(141) }, 'INVALID_CAUSALE', 'causale'],
    [{ datiSpecificiRiscossione: '9/01' }, 'INVALID_DATI_SPECIFICI_RISCOSSIONE', 'datiSpecificiRiscossione'],
    [{ bilancio: { capitoli: [] } }, 'INVALID_BILANCIO', 'bilancio'],
    [{ bilancio: { capitoli: [{ codCapitolo: '1010', importo: 0 }] } }, 'INVALID_BILANCIO', 'bilancio.capitoli[0].importo'],
    [{ bilancio: { capitoli: [{ codCapitolo: '', importo: 14792 }] } }, 'INVALID_BILANCIO', 'bilancio.capitoli[0].codCapitolo'],
    [{ commissioneCaricoPa: -1 }, 'INVALID_COMMISSIONE_CARICO_PA', 'commissioneCaricoPa'],
  ])('refuses %j with %s on %s', (over, code, field) => {
    given().when(createPosition(over as Partial<typeof input>)).thenThrows(code, { kind: 'invalid', field });
  });

  it('accepts 29 February of a leap year and a causale of exactly 140 characters', () => {
    given().when(createPosition({ dataScadenza: '2024-02-29', causale: 'x'.repeat(140) })).thenMatches([{ type: 'PositionCreated' }]);
  });

  it('a bilancio must add up exactly to the importo', () => {
    given()
      .when(createPosition({ bilancio: { capitoli: [{ codCapitolo: '1010', importo: 10000 }, { codCapitolo: '1020', importo: 4791 }] } }))
      .thenThrows('BILANCIO_SUM_MISMATCH', { field: 'bilancio', message: /add up to 14791 cents, but importo is 14792 cents/ });
  });

  it('checks the ente secondario like the ente itself', () => {
    const secondario = { codiceFiscale: '00488410010', denominazione: 'Città Metropolitana', iban: 'IT70A0103062500000001357653', datiSpecificiRiscossione: '9/0101100IM/', importo: 739 };
    given().when(createPosition({ secondario })).thenThrows('IBAN_CHECK_DIGITS', { field: 'secondario.iban' });
    given().when(createPosition({ secondario: { ...secondario, iban: 'IT70A0103062500000001357652', importo: 0 } })).thenThrows('INVALID_AMOUNT', { field: 'secondario.importo' });
    given().when(createPosition({ secondario: { ...secondario, iban: 'IT70A0103062500000001357652', codiceFiscale: '00488410011' } })).thenThrows('PARTITA_IVA_CHECK_DIGIT', {
      field: 'secondario.codiceFiscale',
    });
  });

  it('reports every problem of a position at once, so a flow row is fixed in one go', () => {
    const error = given()
      .when(createPosition({ iud: '000x', importo: 0, causale: '', dataScadenza: '2024-13-01' }, { tipoDovuto: { ...tari, active: false } }))
      .thenThrows('TIPO_DOVUTO_INACTIVE');
    expect(error).toBeInstanceOf(ValidationErrors);
    expect((error as ValidationErrors).errors.map((e) => [e.field, e.code])).toEqual([
      ['tipoDovuto', 'TIPO_DOVUTO_INACTIVE'],
      ['iud', 'INVALID_IUD'],
      ['importo', 'INVALID_AMOUNT'],
      ['dataScadenza', 'INVALID_DATA_SCADENZA'],
      ['causale', 'INVALID_CAUSALE'],
    ]);
  });

  it('the created position is exactly what the command described', () => {
    const { state } = given().when(createPosition()).thenState();
    expect(state.position).toEqual(position);
  });
});
