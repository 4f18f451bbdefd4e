import { fold } from '../../kernel/decider';
import { anagraficaDecider } from './anagrafica.decider';
import { parseAnagraficaCsv } from './anagrafica-csv';

const context = { codIpa: 'c_a562', now: '2024-01-15T09:00:00+01:00' };
const meta = { now: context.now };
const csv = (...lines: string[]) => lines.join('\r\n') + '\r\n';
const HEADER = 'tipo;codice;descrizione;codUfficio;codCapitolo;anno';

describe('parseAnagraficaCsv', () => {
  it('turns rows into Create commands, uffici first, then capitoli, then accertamenti, keeping row numbers', () => {
    const parsed = parseAnagraficaCsv(
      csv(
        HEADER,
        'CAPITOLO;E.1.01.01.51;Tassa sui rifiuti;UFF-TRIB;;2024',
        'accertamento;ACC-2024-17;"TARI 2024; ruolo ordinario";UFF-TRIB;E.1.01.01.51;2024',
        'Ufficio;UFF-TRIB;Ufficio Tributi;;;2024',
      ),
      context,
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.rowsRead).toBe(3);
    expect(parsed.commands).toEqual([
      { row: 4, command: { type: 'CreateUfficio', data: { codIpa: 'c_a562', anno: 2024, codUfficio: 'UFF-TRIB', denominazione: 'Ufficio Tributi' }, metadata: meta } },
      {
        row: 2,
        command: { type: 'CreateCapitolo', data: { codIpa: 'c_a562', anno: 2024, codCapitolo: 'E.1.01.01.51', descrizione: 'Tassa sui rifiuti', codUfficio: 'UFF-TRIB' }, metadata: meta },
      },
      {
        row: 3,
        command: {
          type: 'CreateAccertamentoContabile',
          data: { codIpa: 'c_a562', anno: 2024, codAccertamento: 'ACC-2024-17', descrizione: 'TARI 2024; ruolo ordinario', codCapitolo: 'E.1.01.01.51', codUfficio: 'UFF-TRIB' },
          metadata: meta,
        },
      },
    ]);
  });

  it('its commands, applied in the order given, build the anagrafica; applying them again changes nothing', () => {
    const { commands } = parseAnagraficaCsv(
      csv(HEADER, 'ACCERTAMENTO;ACC-1;Ruolo;;CAP-1;2024', 'CAPITOLO;CAP-1;Capitolo uno;UFF-1;;2024', 'UFFICIO;UFF-1;Ufficio uno;;;2024'),
      context,
    );
    let state = anagraficaDecider.initialState;
    const events = [];
    for (const { command } of commands) {
      const decided = anagraficaDecider.decide(command, state);
      events.push(...decided);
      state = decided.reduce(anagraficaDecider.evolve, state);
    }
    expect(events.map((e) => e.type)).toEqual(['UfficioCreated', 'CapitoloCreated', 'AccertamentoContabileCreated']);
    const again = fold(anagraficaDecider, events);
    for (const { command } of commands) expect(anagraficaDecider.decide(command, again)).toEqual([]);
  });

  it('reports each bad row with its line number and field, and still returns the good rows', () => {
    const parsed = parseAnagraficaCsv(
      csv(
        HEADER,
        'UFFICIO;UFF-1;Ufficio uno;;;2024',
        'SETTORE;S-1;Settore;;;2024',
        'CAPITOLO;CAP-1;Capitolo;;;2024',
        'UFFICIO;UFF-2;Ufficio due;;;1999',
        'UFFICIO;UFF-3;Ufficio tre;;;24',
        'CAPITOLO;CAP 2;;UFF-1;;2024',
        'ACCERTAMENTO;ACC-1;Accertamento;;;2024',
        'UFFICIO;UFF-1;Ufficio uno;;;2024',
        'UFFICIO;UFF-4;Ufficio quattro;;;2024;extra',
        'UFFICIO;UFF-5;Ufficio cinque;UFF-9;CAP-1;2024',
      ),
      context,
    );
    expect(parsed.commands.map((c) => c.row)).toEqual([2]);
    expect(parsed.errors.map(({ row, code, field }) => ({ row, code, field }))).toEqual([
      { row: 3, code: 'INVALID_TIPO', field: 'tipo' },
      { row: 4, code: 'INVALID_CODE', field: 'codUfficio' },
      { row: 5, code: 'ANNO_OUT_OF_RANGE', field: 'anno' },
      { row: 6, code: 'INVALID_ANNO', field: 'anno' },
      { row: 7, code: 'INVALID_CODE', field: 'codice' },
      { row: 7, code: 'INVALID_DESCRIZIONE', field: 'descrizione' },
      { row: 8, code: 'INVALID_CODE', field: 'codCapitolo' },
      { row: 9, code: 'DUPLICATE_CODE', field: 'codice' },
      { row: 10, code: 'COLUMN_COUNT', field: undefined },
      { row: 11, code: 'UNEXPECTED_VALUE', field: 'codUfficio' },
      { row: 11, code: 'UNEXPECTED_VALUE', field: 'codCapitolo' },
    ]);
    expect(parsed.errors[0].message).toBe('row 3: tipo "SETTORE" must be one of UFFICIO, CAPITOLO, ACCERTAMENTO');
    expect(parsed.errors.find((e) => e.code === 'DUPLICATE_CODE')?.message).toMatch(/row 9: .*already on row 2/);
    expect(parsed.errors.find((e) => e.code === 'COLUMN_COUNT')?.message).toMatch(/expected 6 columns.*found 7/);
  });

  it('the same code in two years or of two kinds is not a duplicate', () => {
    const parsed = parseAnagraficaCsv(csv(HEADER, 'UFFICIO;X-1;Uno;;;2024', 'UFFICIO;X-1;Uno;;;2025', 'CAPITOLO;X-1;Cap;X-1;;2024'), context);
    expect(parsed.errors).toEqual([]);
    expect(parsed.commands).toHaveLength(3);
  });

  it('refuses a file without the expected header, producing no command', () => {
    const parsed = parseAnagraficaCsv(csv('tipo;codice;descrizione;anno', 'UFFICIO;UFF-1;Uno;2024'), context);
    expect(parsed.commands).toEqual([]);
    expect(parsed.errors).toEqual([expect.objectContaining({ row: 1, code: 'INVALID_HEADER' })]);
  });

  it('accepts a header in another case, a BOM, LF line ends and blank lines, counting real line numbers', () => {
    const parsed = parseAnagraficaCsv('\uFEFFTIPO;Codice;DESCRIZIONE;codufficio;CODCAPITOLO;Anno\n\nUFFICIO;UFF-1;Uno;;;2024\n', context);
    expect(parsed.errors).toEqual([]);
    expect(parsed.commands.map((c) => c.row)).toEqual([3]);
  });

  it('an empty file or an unterminated quote is reported, not thrown', () => {
    expect(parseAnagraficaCsv('', context).errors).toEqual([expect.objectContaining({ row: 1, code: 'EMPTY_FILE' })]);
    const broken = parseAnagraficaCsv(csv(HEADER, 'UFFICIO;UFF-1;"Ufficio uno;;;2024'), context);
    expect(broken.commands).toEqual([]);
    expect(broken.errors).toEqual([expect.objectContaining({ row: 2, code: 'CSV_UNTERMINATED_QUOTE' })]);
  });
});
