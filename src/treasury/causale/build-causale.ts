import { invalid } from '../../kernel/errors';
import { Cents, centsToEuros } from '../../kernel/money';
import { IUF_PATTERN } from '../../reporting/parsers/iuf';

/** AT-05 of a cumulative riversamento (SACI): the transfer pays the whole flow <iuf>. */
export function cumulativeCausale(iuf: string): string {
  if (!IUF_PATTERN.test(iuf)) throw invalid('INVALID_IUF', 'iuf', `IUF "${iuf}" must be 1 to 35 letters, digits, "-" or "_"`);
  return `/PUR/LGPE-RIVERSAMENTO/URI/${iuf}`;
}

/** AT-05 of a punctual riversamento (SACI): "/RFB/<IUV>/<importo>", the amount in euros with a dot. */
export function punctualCausale(iuv: string, importo: Cents): string {
  if (!/^[A-Za-z0-9]{1,25}$/.test(iuv)) throw invalid('INVALID_IUV', 'iuv', `IUV "${iuv}" must be 1 to 25 letters or digits`);
  if (!Number.isSafeInteger(importo) || importo <= 0) throw invalid('INVALID_AMOUNT', 'importo', 'importo must be a positive number of cents');
  return `/RFB/${iuv}/${centsToEuros(importo)}`;
}
