import { sumCents, type Cents } from '../kernel/money';
import { buildFlussoRiversamento } from '../reporting/producers/flusso-riversamento';
import { buildOpiGiornaleDiCassa, opiFlussoBtId, type OpiMovementInput } from '../treasury/producers/opi-giornale-di-cassa';
import { pspById } from './psp-catalogue';
import type { SimulatedPayment } from './simulated-payment';

/** Anomalies an end of day can carry, each as a count of occurrences (0 or absent: none). */
export interface EndOfDayAnomalies {
  /** A payment left out of its FR (and of every riversamento): RT_NO_IUF. */
  missingFrRow?: number;
  /** An FR row with an amount 1.00 higher than the receipt. */
  wrongAmount?: number;
  /** A payment reported twice, esito 0 and esito 9: DOPPI. */
  duplicateReport?: number;
  /** An FR whose cumulative riversamento never arrives: IUF_NO_TES. */
  missingRiversamento?: number;
  /** An FR whose riversamento is 1.00 short: IUF_TES_DIV_IMP. */
  riversamentoDifferentAmount?: number;
  /** A treasury credit whose causale names no IUF or IUV: TES_NO_MATCH. */
  movementWithoutCausale?: number;
}

export interface EndOfDayOptions {
  /** YYYY-MM-DD: the payments of this day are reported; flows are dated with it. */
  date: string;
  /** Every n-th payment is riversato on its own (/RFB/<IUV>/<importo>) instead of in an FR; 0 = never. Default 10. */
  punctualEvery?: number;
  anomalies?: EndOfDayAnomalies;
  /** Per ente fiscal code: its codice IPA, for the OPI codice_ente; derived from the fiscal code when absent. */
  codIpaOf?: (cfEnte: string) => string | undefined;
}

export interface EndOfDayFile {
  kind: 'FR' | 'OPI';
  name: string;
  content: string;
  cfEnte: string;
  idPSP?: string;
  iuf?: string;
}

export interface InjectedAnomaly {
  kind: keyof EndOfDayAnomalies;
  cfEnte: string;
  iuv?: string;
  iuf?: string;
}

export interface EndOfDayOutput {
  files: EndOfDayFile[];
  anomalies: InjectedAnomaly[];
  /** Payments riversati one by one. */
  punctual: { cfEnte: string; iuv: string; amount: Cents }[];
}

const ONE_EURO = 100;

/** OPI codice_ente: 6 of [A-Z0-9]. */
const opiCodiceEnte = (codIpa: string | undefined, cfEnte: string): string => {
  const base = (codIpa ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');
  return (base || cfEnte.slice(-6)).padEnd(6, '0').slice(0, 6);
};

/**
 * The Node's and the treasurer's end of day, from the payments the simulator completed: per PSP and ente a
 * FlussoRiversamento (IUF <date><idPSP>-<n>), per ente an OPI giornale di cassa with one cumulative
 * riversamento per FR and the punctual ones. Pure and deterministic: the same payments and options give the
 * same files, so anomalies land on predictable payments (the first ones in IUV order).
 */
export function buildEndOfDay(payments: readonly SimulatedPayment[], options: EndOfDayOptions): EndOfDayOutput {
  const { date } = options;
  const every = options.punctualEvery ?? 10;
  const budget = { ...options.anomalies };
  const take = (k: keyof EndOfDayAnomalies): boolean => {
    if (!budget[k] || budget[k]! <= 0) return false;
    budget[k]! -= 1;
    return true;
  };
  const paid = payments.filter((p) => p.outcome === 'OK' && p.paymentDate === date).sort((a, b) => (a.iuv < b.iuv ? -1 : a.iuv > b.iuv ? 1 : 0));
  const files: EndOfDayFile[] = [];
  const injected: InjectedAnomaly[] = [];
  const punctual: EndOfDayOutput['punctual'] = [];
  const movementsOf = new Map<string, OpiMovementInput[]>();
  const companyOf = new Map<string, string>();
  let bolletta = 0;
  const movement = (cfEnte: string, m: Omit<OpiMovementInput, 'numeroBolletta' | 'numeroDocumento' | 'dataMovimento'>) => {
    bolletta += 1;
    const list = movementsOf.get(cfEnte) ?? [];
    list.push({ numeroBolletta: bolletta, numeroDocumento: bolletta, dataMovimento: date, ...m });
    movementsOf.set(cfEnte, list);
  };

  // Transfers are what money moves: a multi-beneficiary payment is reported to each beneficiary ente.
  type Row = { iuv: string; iur: string; indice: number; amount: Cents; cfEnte: string; companyName: string; idPSP: string };
  const rows: Row[] = [];
  paid.forEach((p, i) => {
    if (every > 0 && i % every === every - 1) {
      punctual.push({ cfEnte: p.fiscalCode, iuv: p.iuv, amount: p.amount });
      companyOf.set(p.fiscalCode, p.companyName);
      movement(p.fiscalCode, { importo: p.amount, ordinante: pspById(p.idPSP).name.toUpperCase(), iuv: p.iuv });
      return;
    }
    for (const t of p.transfers) {
      rows.push({ iuv: p.iuv, iur: p.receiptId, indice: t.idTransfer, amount: t.amount, cfEnte: t.fiscalCodePA, companyName: t.fiscalCodePA === p.fiscalCode ? p.companyName : (t.companyName ?? t.fiscalCodePA), idPSP: p.idPSP });
    }
  });

  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${r.idPSP}\u0000${r.cfEnte}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const counterOf = new Map<string, number>();
  for (const [key, group] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [idPSP, cfEnte] = key.split('\u0000') as [string, string];
    const psp = pspById(idPSP);
    const n = (counterOf.get(idPSP) ?? 0) + 1;
    counterOf.set(idPSP, n);
    const iuf = `${date}${idPSP}-${n}`;
    companyOf.set(cfEnte, group[0]!.companyName);
    const frRows: { iuv: string; iur: string; indiceDatiSingoloPagamento: number; importo: Cents; esito: string; dataEsito: string }[] = [];
    for (const r of group) {
      if (take('missingFrRow')) {
        injected.push({ kind: 'missingFrRow', cfEnte, iuv: r.iuv, iuf });
        continue;
      }
      let importo = r.amount;
      if (take('wrongAmount')) {
        importo += ONE_EURO;
        injected.push({ kind: 'wrongAmount', cfEnte, iuv: r.iuv, iuf });
      }
      frRows.push({ iuv: r.iuv, iur: r.iur, indiceDatiSingoloPagamento: r.indice, importo, esito: '0', dataEsito: date });
      if (take('duplicateReport')) {
        frRows.push({ iuv: r.iuv, iur: `${r.iur}-9`, indiceDatiSingoloPagamento: r.indice, importo: r.amount, esito: '9', dataEsito: date });
        injected.push({ kind: 'duplicateReport', cfEnte, iuv: r.iuv, iuf });
      }
    }
    if (frRows.length === 0) continue;
    const total = sumCents(frRows.map((r) => r.importo));
    files.push({
      kind: 'FR',
      name: `${iuf}.xml`,
      cfEnte,
      idPSP,
      iuf,
      content: buildFlussoRiversamento({
        versioneOggetto: '1.0',
        identificativoFlusso: iuf,
        dataOraFlusso: `${date}T23:30:00`,
        identificativoUnivocoRegolamento: `SCT-${idPSP}-${date.replace(/-/g, '')}-${n}`,
        dataRegolamento: date,
        istitutoMittente: { tipo: 'B', codice: idPSP, denominazione: psp.name },
        codiceBicBancaDiRiversamento: psp.bic,
        istitutoRicevente: { tipo: 'G', codice: cfEnte, denominazione: group[0]!.companyName },
        numeroTotalePagamenti: frRows.length,
        importoTotalePagamenti: total,
        rows: frRows,
      }),
    });
    if (take('missingRiversamento')) {
      injected.push({ kind: 'missingRiversamento', cfEnte, iuf });
      continue;
    }
    let importo = total;
    if (total > ONE_EURO && take('riversamentoDifferentAmount')) {
      importo -= ONE_EURO;
      injected.push({ kind: 'riversamentoDifferentAmount', cfEnte, iuf });
    }
    movement(cfEnte, { importo, ordinante: psp.name.toUpperCase(), iuf });
  }

  const enti = [...new Set([...movementsOf.keys(), ...files.map((f) => f.cfEnte)])].sort();
  for (const cfEnte of enti) {
    if (take('movementWithoutCausale')) {
      movement(cfEnte, { importo: 12_345, ordinante: 'ROSSI MARIO', causale: 'RIMBORSO SPESE NOTIFICA' });
      injected.push({ kind: 'movementWithoutCausale', cfEnte });
    }
    const movements = movementsOf.get(cfEnte) ?? [];
    const company = companyOf.get(cfEnte) ?? cfEnte;
    files.push({
      kind: 'OPI',
      name: `OPI_GDC_${cfEnte}_${date}.xml`,
      cfEnte,
      content: buildOpiGiornaleDiCassa({
        abiBT: '03069',
        codiceEnte: opiCodiceEnte(options.codIpaOf?.(cfEnte), cfEnte),
        descrizioneEnte: company.toUpperCase(),
        codiceIstatEnte: cfEnte,
        codiceFiscaleEnte: cfEnte,
        codiceEnteBT: cfEnte.slice(-7),
        identificativoFlussoBT: opiFlussoBtId(date, `QUADRASIM${cfEnte}`),
        dataOraCreazione: `${date}T23:59:00`,
        esercizio: Number(date.slice(0, 4)),
        dataRiferimento: date,
        conto: '0000001',
        descrizioneConto: 'CONTO PAGOPA',
        movements,
      }),
    });
  }
  return { files, anomalies: injected, punctual };
}
