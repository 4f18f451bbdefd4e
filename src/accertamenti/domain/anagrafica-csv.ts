import { DomainError } from '../../kernel/errors';
import { parseCsv } from '../../flows/parsers/csv';
import type { AnagraficaCommand } from './anagrafica.commands';
import { checkAnno, checkCode, checkText } from './anagrafica.rules';
import { FieldProblems } from './field-problems';

/**
 * The anagrafica import file: `;`-separated, one record per row, header
 * `tipo;codice;descrizione;codUfficio;codCapitolo;anno`.
 *
 * | tipo         | codice is          | descrizione is | codUfficio           | codCapitolo          |
 * |--------------|--------------------|----------------|----------------------|----------------------|
 * | UFFICIO      | the codUfficio     | denominazione  | empty (or = codice)  | empty                |
 * | CAPITOLO     | the codCapitolo    | descrizione    | required             | empty (or = codice)  |
 * | ACCERTAMENTO | the codAccertamento| descrizione    | optional cross-check | required             |
 *
 * Rows become Create commands; re-importing an unchanged file changes nothing (the decider treats an identical
 * Create as a repeat). Commands come back uffici first, then capitoli, then accertamenti (file order within each),
 * so a file may list a capitolo before its ufficio. Rows with problems are reported with their line number and
 * left out; the other rows are still returned, for the handler to apply or to refuse all, as the operator chose.
 */
export const ANAGRAFICA_CSV_HEADER = ['tipo', 'codice', 'descrizione', 'codUfficio', 'codCapitolo', 'anno'] as const;

export interface AnagraficaCsvError {
  /** 1-based line of the file (the header is line 1). */
  readonly row: number;
  readonly field?: string;
  readonly code: string;
  readonly message: string;
}

export interface ParsedAnagraficaCsv {
  readonly commands: readonly { readonly row: number; readonly command: AnagraficaCommand }[];
  readonly errors: readonly AnagraficaCsvError[];
  /** Data rows read (header and blank lines excluded). */
  readonly rowsRead: number;
}

const KINDS = ['UFFICIO', 'CAPITOLO', 'ACCERTAMENTO'] as const;
type Kind = (typeof KINDS)[number];

export function parseAnagraficaCsv(text: string, context: { readonly codIpa: string; readonly now: string }): ParsedAnagraficaCsv {
  let rows;
  try {
    rows = parseCsv(text).rows;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { commands: [], errors: [{ row: Number(e.details?.line ?? 1), code: e.code, message: e.message }], rowsRead: 0 };
  }
  const [header, ...data] = rows;
  if (!header) return { commands: [], errors: [{ row: 1, code: 'EMPTY_FILE', message: `the file is empty: the first line must be ${ANAGRAFICA_CSV_HEADER.join(';')}` }], rowsRead: 0 };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  if (names.length !== ANAGRAFICA_CSV_HEADER.length || ANAGRAFICA_CSV_HEADER.some((h, i) => h.toLowerCase() !== names[i])) {
    return {
      commands: [],
      errors: [{ row: header.line, code: 'INVALID_HEADER', message: `row ${header.line}: the header must be ${ANAGRAFICA_CSV_HEADER.join(';')}, found ${header.fields.join(';')}` }],
      rowsRead: data.length,
    };
  }

  const commands: { row: number; kind: Kind; command: AnagraficaCommand }[] = [];
  const errors: AnagraficaCsvError[] = [];
  const firstRowOf = new Map<string, number>();
  const meta = { now: context.now };

  for (const { line, fields, problem } of data) {
    const fail = (code: string, message: string, field?: string) => errors.push({ row: line, ...(field && { field }), code, message: `row ${line}: ${message}` });
    if (problem) {
      fail(problem.code, problem.message);
      continue;
    }
    if (fields.length !== ANAGRAFICA_CSV_HEADER.length) {
      fail('COLUMN_COUNT', `expected ${ANAGRAFICA_CSV_HEADER.length} columns (${ANAGRAFICA_CSV_HEADER.join(';')}), found ${fields.length}`);
      continue;
    }
    const [tipoText, codiceText, descrizioneText, codUfficioText, codCapitoloText, annoText] = fields.map((f) => f.trim());
    const p = new FieldProblems();
    const kind = tipoText.toUpperCase() as Kind;
    if (!KINDS.includes(kind)) p.add('INVALID_TIPO', 'tipo', `tipo "${tipoText}" must be one of ${KINDS.join(', ')}`);
    const anno = /^\d{4}$/.test(annoText) ? checkAnno(p, Number(annoText)) : (p.add('INVALID_ANNO', 'anno', `anno "${annoText}" must be a four-digit year, e.g. 2024`), NaN);
    const codice = checkCode(p, codiceText, 'codice');
    const descrizione = checkText(p, descrizioneText, 'descrizione', 'INVALID_DESCRIZIONE');
    const scope = { codIpa: context.codIpa, anno };
    let command: AnagraficaCommand | undefined;
    if (kind === 'UFFICIO') {
      if (codUfficioText !== '' && codUfficioText !== codice) p.add('UNEXPECTED_VALUE', 'codUfficio', `codUfficio must be empty on an UFFICIO row (the code goes in codice), found "${codUfficioText}"`);
      if (codCapitoloText !== '') p.add('UNEXPECTED_VALUE', 'codCapitolo', `codCapitolo must be empty on an UFFICIO row, found "${codCapitoloText}"`);
      command = { type: 'CreateUfficio', data: { ...scope, codUfficio: codice, denominazione: descrizione }, metadata: meta };
    } else if (kind === 'CAPITOLO') {
      const codUfficio = checkCode(p, codUfficioText, 'codUfficio');
      if (codCapitoloText !== '' && codCapitoloText !== codice) p.add('UNEXPECTED_VALUE', 'codCapitolo', `codCapitolo must be empty on a CAPITOLO row (the code goes in codice), found "${codCapitoloText}"`);
      command = { type: 'CreateCapitolo', data: { ...scope, codCapitolo: codice, descrizione, codUfficio }, metadata: meta };
    } else if (kind === 'ACCERTAMENTO') {
      const codCapitolo = checkCode(p, codCapitoloText, 'codCapitolo');
      const codUfficio = codUfficioText === '' ? undefined : checkCode(p, codUfficioText, 'codUfficio');
      command = {
        type: 'CreateAccertamentoContabile',
        data: { ...scope, codAccertamento: codice, descrizione, codCapitolo, ...(codUfficio !== undefined && { codUfficio }) },
        metadata: meta,
      };
    }
    if (p.empty && command) {
      const key = `${kind}|${anno}|${codice}`;
      const first = firstRowOf.get(key);
      if (first !== undefined) p.add('DUPLICATE_CODE', 'codice', `${kind.toLowerCase()} "${codice}" of ${anno} is already on row ${first} of this file`);
      else firstRowOf.set(key, line);
    }
    if (!p.empty || !command) {
      for (const e of p.all) fail(e.code, e.message, e.field);
      continue;
    }
    commands.push({ row: line, kind, command });
  }

  const order = (k: Kind) => KINDS.indexOf(k);
  commands.sort((a, b) => order(a.kind) - order(b.kind) || a.row - b.row);
  return { commands: commands.map(({ row, command }) => ({ row, command })), errors, rowsRead: data.length };
}
