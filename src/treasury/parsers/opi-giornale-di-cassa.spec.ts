import { DomainError } from '../../kernel/errors';
import { OPI_MAX_BYTES, OPI_MAX_MOVEMENTS, parseOpiGiornaleDiCassa } from './opi-giornale-di-cassa';

interface Mov {
  tipoMovimento?: string;
  tipoDocumento?: string;
  tipoOperazione?: string;
  numeroDocumento?: string;
  numeroBolletta?: string;
  importo?: string;
  dataMovimento?: string;
  dataValuta?: string | null;
  tipoEsecuzione?: string;
  causale?: string;
  endToEndId?: string;
  datiBT?: string;
  cliente?: string;
  extra?: string;
}

/** A small giornale di cassa in the 1.6.1+ layout (or 1.4 with family '1.4'), movements described by their fields. */
function giornale(movements: Mov[], opts: { family?: '1.4' | '1.6.1+'; pagina?: string; header?: string; conto?: string } = {}): string {
  const family = opts.family ?? '1.6.1+';
  const movs = movements
    .map((m, i) => {
      const f = (name: string, value: string | undefined | null) => (value === undefined || value === null ? '' : `<${name}>${value}</${name}>`);
      return [
        '<movimento_conto_evidenza>',
        family === '1.6.1+' ? `<identificativo_flusso>00320220930023144</identificativo_flusso><numero_movimento>${i + 1}</numero_movimento>` : '',
        f('tipo_movimento', m.tipoMovimento ?? 'ENTRATA'),
        f('tipo_documento', m.tipoDocumento ?? 'SOSPESO ENTRATA'),
        f('tipo_operazione', m.tipoOperazione ?? 'ESEGUITO'),
        f('numero_documento', m.numeroDocumento ?? String(64422 + i)),
        '<progressivo_documento>0</progressivo_documento>',
        f('importo', m.importo ?? '100.00'),
        f('numero_bolletta_quietanza', m.numeroBolletta ?? String(74056 + i)),
        f('data_movimento', m.dataMovimento ?? '2024-07-26'),
        family === '1.6.1+' ? f('data_movimento_siope', m.dataMovimento ?? '2024-07-26') : '',
        f('data_valuta_ente', m.dataValuta === undefined ? '2024-07-27' : m.dataValuta),
        f('tipo_esecuzione', m.tipoEsecuzione ?? 'SEPA CREDIT TRANSFER'),
        f('end_to_end_id', m.endToEndId),
        '<assoggettamento_bollo>ESENTE BOLLO</assoggettamento_bollo>',
        `<cliente><anagrafica_cliente>${m.cliente ?? 'PAYPAL EUROPE'}</anagrafica_cliente></cliente>`,
        f('causale', m.causale ?? 'ACCREDITO'),
        m.extra ?? '',
        m.datiBT ? `<dati_a_disposizione_BT>${m.datiBT}</dati_a_disposizione_BT>` : '',
        '</movimento_conto_evidenza>',
      ].join('');
    })
    .join('\n');
  const period = family === '1.4' ? '<data_inizio_periodo_riferimento>2024-01-01</data_inizio_periodo_riferimento><data_fine_periodo_riferimento>2024-12-31</data_fine_periodo_riferimento>' : '<data_riferimento_GdC>2024-07-26</data_riferimento_GdC>';
  return `<?xml version="1.0" encoding="UTF-8"?>
<flusso_giornale_di_cassa>
  ${
    opts.header ??
    '<testata_messaggio><codice_ABI_BT>03069</codice_ABI_BT><data_ora_creazione_flusso>2024-07-27T02:00:00</data_ora_creazione_flusso><codice_ente>ABC1DE</codice_ente><descrizione_ente>COMUNE DI PROVA</descrizione_ente><codice_istat_ente>012345678</codice_istat_ente><codice_fiscale_ente>80012345678</codice_fiscale_ente><codice_tramite_ente>A2A-00000001</codice_tramite_ente><codice_tramite_BT>A2A-00000002</codice_tramite_BT><codice_ente_BT>1316225</codice_ente_BT></testata_messaggio>'
  }
  <identificativo_flusso_BT>GDC-202407272024072710102850#001#001</identificativo_flusso_BT>
  ${opts.pagina ?? '<pagina>1</pagina><pagine_totali>1</pagine_totali>'}
  <esercizio>2024</esercizio>
  ${period}
  <informazioni_conto_evidenza><conto_evidenza>${opts.conto ?? '0000005'}</conto_evidenza>
  ${movs}
  </informazioni_conto_evidenza>
</flusso_giornale_di_cassa>`;
}

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('parseOpiGiornaleDiCassa', () => {
  describe('extracting the credits', () => {
    const doc = giornale([
      { causale: '/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26PPAYITR1XXX-S2024072600', importo: '1234.56', endToEndId: 'E2E-1' },
      { causale: 'ACCREDITI VARI', datiBT: '<codice_causale>018</codice_causale><identificativo_end_to_end>.PUR.LGPE-RIVERSAMENTO.URI.2024-07-25UNCRITMM-0001</identificativo_end_to_end>' },
      { tipoMovimento: 'USCITA', tipoDocumento: 'MANDATO', causale: 'STIPENDI' },
      { causale: 'TARI /RFB/01000000000000144/50.00', importo: '50.00' },
      { causale: 'GIROCONTO', dataValuta: null },
    ]);

    it('returns every ENTRATA as a movement with the fields the reconciliation needs', () => {
      const parsed = parseOpiGiornaleDiCassa(doc);
      expect(parsed.movements[0]).toEqual({
        source: 'OPI',
        key: 'OPI:03069:0000005:2024:74056:64422:0',
        esercizio: 2024,
        numeroBolletta: '74056',
        dataContabile: '2024-07-26',
        dataValuta: '2024-07-27',
        importo: 123456,
        segno: '+',
        conto: '0000005',
        abi: '03069',
        ordinante: 'PAYPAL EUROPE',
        causale: '/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26PPAYITR1XXX-S2024072600',
        iuf: '2024-07-26PPAYITR1XXX-S2024072600',
        causaleKind: 'cumulative',
        numeroDocumento: '64422',
        tipoDocumento: 'SOSPESO ENTRATA',
        tipoOperazione: 'ESEGUITO',
        endToEndId: 'E2E-1',
      });
      expect(parsed.movements.map((m) => [m.causaleKind, m.iuf ?? m.iuv ?? null])).toEqual([
        ['cumulative', '2024-07-26PPAYITR1XXX-S2024072600'],
        ['cumulative', '2024-07-25UNCRITMM-0001'],
        ['punctual', '01000000000000144'],
        ['none', null],
      ]);
    });

    it('counts the USCITA it leaves out instead of dropping it silently', () => {
      expect(parseOpiGiornaleDiCassa(doc).ignored).toEqual({ count: 1, byReason: { 'USCITA MANDATO': 1 } });
    });

    it('takes the value date from data_movimento when data_valuta_ente is absent', () => {
      const last = parseOpiGiornaleDiCassa(doc).movements[3];
      expect([last.dataContabile, last.dataValuta]).toEqual(['2024-07-26', '2024-07-26']);
    });

    it('reads the header: ABI, ente, flow id, page, esercizio and reference day', () => {
      const { movements: _m, ...header } = parseOpiGiornaleDiCassa(doc);
      expect(header).toEqual({
        version: '1.6.1',
        compatibleVersions: ['1.6.1', '1.7.1', '1.8'],
        abiBT: '03069',
        codiceEnte: 'ABC1DE',
        descrizioneEnte: 'COMUNE DI PROVA',
        codiceFiscaleEnte: '80012345678',
        identificativoFlussoBT: 'GDC-202407272024072710102850#001#001',
        pagina: 1,
        pagineTotali: 1,
        esercizio: 2024,
        dataRiferimento: '2024-07-26',
        ignored: { count: 1, byReason: { 'USCITA MANDATO': 1 } },
        warnings: [],
      });
    });
  });

  describe('sign and operation', () => {
    it('a reversed credit (STORNATO) is a "-" movement with its own key', () => {
      const [m] = parseOpiGiornaleDiCassa(giornale([{ tipoOperazione: 'STORNATO' }])).movements;
      expect([m.segno, m.key]).toEqual(['-', 'OPI:03069:0000005:2024:74056:64422:0:STORNO']);
    });

    it('a restored credit (RIPRISTINATO) is "+", a negative amount flips the sign', () => {
      const parsed = parseOpiGiornaleDiCassa(giornale([{ tipoOperazione: 'RIPRISTINATO' }, { importo: '-10.00' }]));
      expect(parsed.movements.map((m) => [m.segno, m.importo])).toEqual([
        ['+', 10000],
        ['-', 1000],
      ]);
    });

    it('a regularisation (REGOLARIZZATO) brings no new money: ignored and counted', () => {
      const parsed = parseOpiGiornaleDiCassa(giornale([{ tipoOperazione: 'REGOLARIZZATO', tipoDocumento: 'REVERSALE' }, {}]));
      expect(parsed.movements).toHaveLength(1);
      expect(parsed.ignored).toEqual({ count: 1, byReason: { 'ENTRATA REGOLARIZZATO': 1 } });
    });

    it('keeps two movements with the same bank numbers apart with "#2"', () => {
      const parsed = parseOpiGiornaleDiCassa(giornale([{ numeroDocumento: '1', numeroBolletta: '7' }, { numeroDocumento: '1', numeroBolletta: '0007' }]));
      expect(parsed.movements.map((m) => m.key)).toEqual(['OPI:03069:0000005:2024:7:1:0', 'OPI:03069:0000005:2024:7:1:0#2']);
    });
  });

  describe('version detection', () => {
    it.each([
      ['only values every 1.6.1+ schema allows', 'SEPA CREDIT TRANSFER', '1.6.1', ['1.6.1', '1.7.1', '1.8']],
      ['an instant transfer, new in 1.8', 'SEPA INSTANT CREDIT TRANSFER', '1.8', ['1.8']],
      ['the 1.7.1 value for art. 219 TUEL', 'ASSEGNO DI TRAENZA PER COMMUTAZIONE EX ART 219 TUEL', '1.7.1', ['1.7.1', '1.8']],
      ['a value 1.7.1 removed', 'ACCREDITO TESORERIA PROVINCIALE STATO PER TAB A', '1.6.1', ['1.6.1']],
      ['a typographic apostrophe', 'ACCREDITO BANCA D\u2019ITALIA', '1.6.1', ['1.6.1', '1.7.1', '1.8']],
    ])('1.6.1 layout with %s', (_label, tipo, version, compatible) => {
      const parsed = parseOpiGiornaleDiCassa(giornale([{ tipoEsecuzione: tipo }]));
      expect([parsed.version, parsed.compatibleVersions]).toEqual([version, compatible]);
    });

    it('the 1.4 layout (reference period) is 1.4, VAGLIA POSTALE included', () => {
      const parsed = parseOpiGiornaleDiCassa(giornale([{ tipoEsecuzione: 'VAGLIA POSTALE' }], { family: '1.4' }));
      expect([parsed.version, parsed.compatibleVersions, parsed.periodo]).toEqual(['1.4', ['1.4'], { dal: '2024-01-01', al: '2024-12-31' }]);
    });

    it.each([
      ['neither reference day nor period', (x: string) => x.replace(/<data_riferimento_GdC>.*<\/data_riferimento_GdC>/, ''), 'neither'],
      ['both reference day and period', (x: string) => x.replace('<esercizio>2024</esercizio>', '<esercizio>2024</esercizio><data_inizio_periodo_riferimento>2024-01-01</data_inizio_periodo_riferimento>'), 'both'],
      ['a 1.6.1 layout with the 1.4 numero_sospeso', (x: string) => x.replace('<causale>', '<numero_sospeso>1</numero_sospeso><causale>'), 'numero_sospeso'],
      ['a tipo_esecuzione no schema has', (x: string) => x.replace('SEPA CREDIT TRANSFER', 'BONIFICO MARZIANO'), 'BONIFICO MARZIANO'],
    ])('an unknown version is a clear error: %s', (_label, mutate, mentioned) => {
      const e = errorOf(() => parseOpiGiornaleDiCassa(mutate(giornale([{}]))));
      expect(e.code).toBe('OPI_UNKNOWN_VERSION');
      expect(e.message).toContain(mentioned);
    });

    it('a 1.4 layout with the 1.6.1 per-movement elements mixes versions', () => {
      const mixed = giornale([{ extra: '' }], { family: '1.4' }).replace('<tipo_movimento>', '<numero_movimento>1</numero_movimento><tipo_movimento>');
      const e = errorOf(() => parseOpiGiornaleDiCassa(mixed));
      expect([e.code, e.field]).toEqual(['OPI_UNKNOWN_VERSION', 'informazioni_conto_evidenza[1].movimento_conto_evidenza[1].numero_movimento']);
    });

    it('values that no single version allows together are refused', () => {
      const e = errorOf(() => parseOpiGiornaleDiCassa(giornale([{ tipoEsecuzione: 'SEPA INSTANT CREDIT TRANSFER' }, { tipoEsecuzione: 'ACCREDITO TESORERIA PROVINCIALE STATO PER TAB B' }])));
      expect(e.code).toBe('OPI_UNKNOWN_VERSION');
      expect(e.message).toContain('never allowed together');
    });
  });

  describe('structural errors name the element', () => {
    it.each([
      ['page 0', { pagina: '<pagina>0</pagina><pagine_totali>1</pagine_totali>' }, [{}], 'OPI_INVALID_PAGE', 'pagina'],
      ['page 3 of 2', { pagina: '<pagina>3</pagina><pagine_totali>2</pagine_totali>' }, [{}], 'OPI_INVALID_PAGE', 'pagina'],
      ['no amount', {}, [{}, { importo: '' }], 'OPI_MISSING_ELEMENT', 'informazioni_conto_evidenza[1].movimento_conto_evidenza[2].importo'],
      ['an amount with a comma', {}, [{ importo: '12,50' }], 'OPI_INVALID_AMOUNT', 'informazioni_conto_evidenza[1].movimento_conto_evidenza[1].importo'],
      ['an impossible date', {}, [{ dataMovimento: '2024-13-01' }], 'OPI_INVALID_VALUE', 'informazioni_conto_evidenza[1].movimento_conto_evidenza[1].data_movimento'],
      ['an unknown operation', {}, [{ tipoOperazione: 'ANNULLATO' }], 'OPI_INVALID_VALUE', 'informazioni_conto_evidenza[1].movimento_conto_evidenza[1].tipo_operazione'],
      ['an ABI that is not 5 digits', { header: '<testata_messaggio><codice_ABI_BT>3069</codice_ABI_BT></testata_messaggio>' }, [{}], 'OPI_INVALID_VALUE', 'testata_messaggio.codice_ABI_BT'],
    ] as const)('%s', (_label, opts, movs, code, field) => {
      const e = errorOf(() => parseOpiGiornaleDiCassa(giornale([...movs] as Mov[], opts)));
      expect([e.code, e.field]).toEqual([code, field]);
    });

    it('refuses a document that is not a giornale di cassa', () => {
      expect(errorOf(() => parseOpiGiornaleDiCassa('<FlussoRiversamento/>')).code).toBe('OPI_WRONG_ROOT');
    });

    it(`refuses a document of more than ${OPI_MAX_MOVEMENTS} movements`, () => {
      const many = giornale([{}]).replace(/<movimento_conto_evidenza>[\s\S]*<\/movimento_conto_evidenza>/, '<movimento_conto_evidenza/>'.repeat(OPI_MAX_MOVEMENTS + 1));
      const e = errorOf(() => parseOpiGiornaleDiCassa(many));
      expect([e.code, e.kind]).toEqual(['OPI_TOO_MANY_MOVEMENTS', 'too_large']);
    });

    it('refuses a document above the size limit', () => {
      expect(errorOf(() => parseOpiGiornaleDiCassa(Buffer.alloc(OPI_MAX_BYTES + 1, 0x20))).code).toBe('OPI_TOO_LARGE');
    });

    it('reads a date carrying a zone as that calendar day', () => {
      expect(parseOpiGiornaleDiCassa(giornale([{ dataMovimento: '2024-07-26+02:00' }])).movements[0].dataContabile).toBe('2024-07-26');
    });
  });

  describe('warnings that do not stop the import', () => {
    it('an identificativo_flusso_BT outside the GDC pattern', () => {
      const doc = giornale([{}]).replace('GDC-202407272024072710102850#001#001', 'FLUSSO-1');
      expect(parseOpiGiornaleDiCassa(doc).warnings).toEqual([expect.objectContaining({ code: 'IDENTIFICATIVO_FLUSSO_BT_FORMAT', field: 'identificativo_flusso_BT' })]);
    });

    it('a causale too long to search keeps the movement without IUF', () => {
      const parsed = parseOpiGiornaleDiCassa(giornale([{ causale: 'X'.repeat(20_000) }]));
      expect(parsed.movements).toHaveLength(1);
      expect(parsed.movements[0].causaleKind).toBe('none');
      expect(parsed.warnings).toEqual([expect.objectContaining({ code: 'CAUSALE_TOO_LONG' })]);
    });
  });
});
