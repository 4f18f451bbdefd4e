import { invalid } from '../../kernel/errors';
import { ESITI_SINGOLO_PAGAMENTO, type ReconciliationSource } from './sources';

/**
 * The write side validates what it stores, so a failure here means a bug upstream: better to stop the
 * projection loudly than to file a payment under a wrong code.
 */
export function assertValidSource(source: ReconciliationSource): void {
  const where = `${source.type} ${source.id}`;
  text(source.id, 'id', where);
  text(source.recordedAt, 'recordedAt', where);
  switch (source.type) {
    case 'notification': {
      const d = source.data;
      text(d.codIpa, 'codIpa', where);
      text(d.iud, 'iud', where);
      cents(d.amount, 'amount', `${where} (IUD ${d.iud})`);
      return;
    }
    case 'receipt': {
      const d = source.data;
      text(d.codIpa, 'codIpa', where);
      text(d.iuv, 'iuv', where);
      text(d.iur, 'iur', where);
      transferIndex(d.transferIndex, 'transferIndex', `${where} (IUV ${d.iuv})`);
      cents(d.amount, 'amount', `${where} (IUV ${d.iuv} IUR ${d.iur})`);
      cents(d.totalAmount, 'totalAmount', `${where} (IUV ${d.iuv} IUR ${d.iur})`);
      if (d.outcome !== 'OK' && d.outcome !== 'KO') throw invalid('INVALID_RECEIPT_OUTCOME', 'outcome', `${where}: outcome must be OK or KO, got "${String(d.outcome)}"`);
      return;
    }
    case 'reportingFlow': {
      const { codIpa, header, rows } = source.data;
      text(codIpa, 'codIpa', where);
      text(header.iuf, 'header.iuf', where);
      cents(header.totalAmount, 'header.totalAmount', `${where} (FR ${header.iuf})`);
      for (const r of rows) {
        const row = `${where}: FR ${header.iuf} row ${r.rowIndex}`;
        if (r.iuf.trim().toUpperCase() !== header.iuf.trim().toUpperCase()) {
          throw invalid('FR_ROW_IUF_MISMATCH', 'rows.iuf', `${row} belongs to FR "${r.iuf}", not to "${header.iuf}"`);
        }
        text(r.iuv, 'rows.iuv', row);
        text(r.iur, 'rows.iur', row);
        transferIndex(r.transferIndex, 'rows.transferIndex', row);
        cents(r.amount, 'rows.amount', row);
        if (!ESITI_SINGOLO_PAGAMENTO.includes(r.esito)) {
          throw invalid('INVALID_ESITO', 'rows.esito', `${row}: codiceEsitoSingoloPagamento must be one of ${ESITI_SINGOLO_PAGAMENTO.join(', ')}, got "${String(r.esito)}"`);
        }
      }
      return;
    }
    case 'treasuryMovement': {
      const d = source.data;
      text(d.codIpa, 'codIpa', where);
      text(d.movementId, 'movementId', where);
      cents(d.amount, 'amount', `${where} (movement ${d.movementId})`);
      return;
    }
    default: {
      const unknown: never = source;
      throw invalid('UNKNOWN_RECONCILIATION_SOURCE', 'type', `unknown reconciliation source type "${(unknown as { type: string }).type}"`);
    }
  }
}

function text(value: unknown, field: string, where: string): void {
  if (typeof value !== 'string' || value.trim() === '') throw invalid('MISSING_IDENTIFIER', field, `${where}: ${field} is required`);
}

function cents(value: unknown, field: string, where: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid('INVALID_AMOUNT', field, `${where}: ${field} must be a whole number of cents, zero or more, got ${String(value)}`);
  }
}

function transferIndex(value: unknown, field: string, where: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw invalid('INVALID_TRANSFER_INDEX', field, `${where}: ${field} (indiceDatiSingoloPagamento) must be an integer from 1, got ${String(value)}`);
  }
}
