import { numeroAvvisoFromIuv } from '../../kernel/identifiers/numero-avviso';
import { COLUMN_INDEX } from '../domain/flow-columns';
import { type FlowVersion } from '../domain/flow-version';
import { csvDocument } from './csv-writer';

/**
 * `<flow>_IUV.csv`: the IUV (and numero avviso) of every dovuto the flow loaded, so the gestionale can print or
 * send the notices. Default layout, one line per loaded dovuto in flow order:
 *   IUD;codIuv;numeroAvviso
 * (codIuv as in the flow's own columns; numeroAvviso is the 18-digit aux-3 notice number, computed from the IUV
 * when not given, empty when the dovuto has no IUV, i.e. it can only be paid online).
 *
 * MyPay layout (iuvCsvMyPay): MyPay writes the loaded rows back under the original header with codIuv filled in;
 * offered for gestionali that read that exact file.
 */
export const IUV_HEADER = ['IUD', 'codIuv', 'numeroAvviso'] as const;

export interface LoadedDovuto {
  iud: string;
  iuv?: string;
  numeroAvviso?: string;
}

export const iuvCsv = (loaded: Iterable<LoadedDovuto>): string =>
  csvDocument(IUV_HEADER, (function* () {
    for (const d of loaded) yield [d.iud, d.iuv ?? '', d.numeroAvviso ?? (d.iuv ? numeroAvvisoFromIuv(d.iuv) : '')];
  })());

export function iuvCsvMyPay(header: readonly string[], version: FlowVersion, loaded: Iterable<{ fields: readonly string[]; iuv?: string }>): string {
  const at = COLUMN_INDEX[version].codIuv!;
  return csvDocument(header, (function* () {
    for (const d of loaded) {
      const fields = [...d.fields];
      fields[at] = d.iuv ?? fields[at] ?? '';
      yield fields;
    }
  })());
}
