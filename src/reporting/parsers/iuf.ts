import { xsDateToIso } from './iso-date';

/** pagoPA: identificativoFlusso is 1 to 35 of [a-zA-Z0-9-_] (XSD stIdentificativoFlusso). */
export const IUF_PATTERN = /^[A-Za-z0-9_-]{1,35}$/;

export interface IufParts {
  iuf: string;
  /** True when the IUF has the documented shape <YYYY-MM-DD><idPSP>-<n> and the allowed characters. */
  conforming: boolean;
  /** The flow date (YYYY-MM-DD), when the IUF starts with a real date. */
  date?: string;
  idPsp?: string;
  progressivo?: string;
}

/**
 * Splits an IUF into its parts without ever refusing it: real flows do not always follow the rule
 * ("2023-04-01nodo-doc-dev-16818090899" has dashes in the PSP part), and a reconciliation must still use them.
 * The PSP part runs to the LAST dash, because progressive numbers never contain one while some PSP/station ids do.
 */
export function parseIuf(text: string): IufParts {
  const iuf = text.trim();
  const date = iuf.length >= 10 ? xsDateToIso(iuf.slice(0, 10)) : undefined;
  if (!date) return { iuf, conforming: false };
  const rest = iuf.slice(10);
  const dash = rest.lastIndexOf('-');
  if (dash <= 0 || dash === rest.length - 1) return { iuf, conforming: false, date };
  return { iuf, conforming: IUF_PATTERN.test(iuf), date, idPsp: rest.slice(0, dash), progressivo: rest.slice(dash + 1) };
}
