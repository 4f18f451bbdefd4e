import type { Decider } from '../../kernel/decider';
import { sumCents } from '../../kernel/money';
import { codIpa as checkCodIpa } from '../../enti/domain/ente.rules';
import { isCalendarDate } from '../../positions/domain/calendar-date';
import type { AccertamentoCommand, AddPayment, CancelAccertamento, CloseAccertamento, CreateAccertamento, PaymentSplit, RemovePayment } from './accertamento.commands';
import { accertamentoErrors as errors } from './accertamento.errors';
import type { AccertamentoEvent, AccertamentoPayment } from './accertamento.events';
import { evolveAccertamento, initialAccertamentoState, type AccertamentoState } from './accertamento.state';
import { checkAnno, checkCode, checkText } from './anagrafica.rules';
import type { AnagraficaSnapshot } from './anagrafica.state';
import { FieldProblems } from './field-problems';

type Existing = AccertamentoState & { readonly header: NonNullable<AccertamentoState['header']> };

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const COD_TIPO = /^[A-Za-z0-9_-]{1,64}$/;

/** The accertamento must exist and still be open (APERTO) for anything but a look. */
function open(s: AccertamentoState, action: string): Existing {
  if (s.header === null) throw errors.notFound();
  if (s.status === 'CHIUSO') throw errors.closed(s.header.id, action);
  if (s.status === 'ANNULLATO') throw errors.cancelled(s.header.id, action);
  return s as Existing;
}

function create(cmd: CreateAccertamento, s: AccertamentoState): AccertamentoEvent[] {
  const d = cmd.data;
  if (s.header !== null) throw errors.alreadyExists(s.header.id);
  const codIpa = checkCodIpa(d.codIpa);
  const p = new FieldProblems();
  if (typeof d.id !== 'string' || !ID.test(d.id)) p.add('INVALID_ACCERTAMENTO_ID', 'id', `id ${JSON.stringify(d.id)} must be 1 to 64 letters, digits, '_' or '-'`);
  const codTipoDovuto = typeof d.codTipoDovuto === 'string' ? d.codTipoDovuto.trim() : '';
  if (!COD_TIPO.test(codTipoDovuto)) p.add('INVALID_TIPO_DOVUTO', 'codTipoDovuto', `codTipoDovuto ${JSON.stringify(d.codTipoDovuto)} is not a tipo dovuto code`);
  const anno = checkAnno(p, d.anno);
  const descrizione = checkText(p, d.descrizione, 'descrizione', 'INVALID_DESCRIZIONE');
  p.throwIfAny();
  return [{ type: 'AccertamentoCreated', data: { id: d.id, codIpa, codTipoDovuto, anno, descrizione, at: cmd.metadata.now } }];
}

const isAmount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The payment as it will be stored, with every shape problem of the command reported at once. */
function paymentOf(d: AddPayment['data'], codIpa: string): AccertamentoPayment {
  const p = new FieldProblems();
  const iud = text(d.iud);
  const iuv = text(d.iuv);
  if (iud === '') p.add('INVALID_IUD', 'iud', 'iud is required');
  if (iuv === '') p.add('INVALID_IUV', 'iuv', 'iuv is required');
  // The key ties the payment to this accertamento's ente: a payment of another ente never gets in.
  if (d.paymentKey !== `${codIpa}|${iud}`)
    p.add('INVALID_PAYMENT_KEY', 'paymentKey', `paymentKey "${String(d.paymentKey)}" must be "${codIpa}|${iud}": the ente of this accertamento and the payment's IUD`);
  if (!isAmount(d.importo)) p.add('INVALID_AMOUNT', 'importo', `importo must be a whole number of cents greater than zero, got ${String(d.importo)}`);
  const date = (value: unknown, required: boolean, field: string, code: string): string | undefined => {
    if (!required) return undefined;
    if (!isCalendarDate(value)) p.add(code, field, `${field} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
    return value as string;
  };
  const dataEsito = date(d.dataEsito, d.paid, 'dataEsito', 'INVALID_DATA_ESITO');
  const dataRegolamento = date(d.dataRegolamento, d.reported, 'dataRegolamento', 'INVALID_DATA_REGOLAMENTO');
  const dataValuta = date(d.dataValuta, d.cashed, 'dataValuta', 'INVALID_DATA_VALUTA');
  const splits: PaymentSplit[] = [];
  if (!Array.isArray(d.splits) || d.splits.length === 0) p.add('INVALID_SPLITS', 'splits', 'splits must list at least one ufficio / capitolo with its amount');
  else
    d.splits.forEach((split, i) => {
      const codUfficio = checkCode(p, split?.codUfficio, `splits[${i}].codUfficio`);
      const codCapitolo = checkCode(p, split?.codCapitolo, `splits[${i}].codCapitolo`);
      const acc = split?.codAccertamento;
      const codAccertamento = acc === undefined || (typeof acc === 'string' && acc.trim() === '') ? undefined : checkCode(p, acc, `splits[${i}].codAccertamento`);
      if (!isAmount(split?.importo)) p.add('INVALID_AMOUNT', `splits[${i}].importo`, `splits[${i}].importo must be a whole number of cents greater than zero, got ${String(split?.importo)}`);
      splits.push({ codUfficio, codCapitolo, ...(codAccertamento !== undefined && { codAccertamento }), importo: split?.importo });
    });
  p.throwIfAny();
  const iur = text(d.iur);
  return {
    paymentKey: d.paymentKey,
    iud,
    iuv,
    ...(iur !== '' && { iur }),
    importo: d.importo,
    dataEsito: dataEsito ?? '',
    ...(dataRegolamento !== undefined && { dataRegolamento }),
    ...(dataValuta !== undefined && { dataValuta }),
    splits,
  };
}

/** Every split must name an active capitolo of this ente and year, under the ufficio it gives, usable for this tipo dovuto. */
function checkSplits(splits: readonly PaymentSplit[], anagrafica: AnagraficaSnapshot, s: Existing): void {
  const { codIpa, anno, codTipoDovuto } = s.header;
  // An anagrafica of another ente or year knows none of this accertamento's capitoli.
  const sameScope = anagrafica?.codIpa === codIpa && anagrafica?.anno === anno;
  const capitoli = new Map(sameScope ? anagrafica.capitoli.map((c) => [c.codCapitolo, c]) : []);
  const accertamenti = new Map(sameScope ? (anagrafica.accertamenti ?? []).map((a) => [a.codAccertamento, a]) : []);
  const p = new FieldProblems();
  splits.forEach((split, i) => {
    const at = `splits[${i}]`;
    const capitolo = capitoli.get(split.codCapitolo);
    if (!capitolo) {
      p.add('CAPITOLO_UNKNOWN', `${at}.codCapitolo`, `capitolo "${split.codCapitolo}" does not exist for ente ${codIpa} in ${anno}`);
      return;
    }
    if (!capitolo.active) p.add('CAPITOLO_INACTIVE', `${at}.codCapitolo`, `capitolo "${split.codCapitolo}" is deactivated for ${anno}`);
    if (capitolo.codUfficio !== split.codUfficio)
      p.add('UFFICIO_MISMATCH', `${at}.codUfficio`, `capitolo "${split.codCapitolo}" belongs to ufficio "${capitolo.codUfficio}", not to "${split.codUfficio}"`, {
        expected: capitolo.codUfficio,
        actual: split.codUfficio,
      });
    if (capitolo.tipiDovuto && !capitolo.tipiDovuto.includes(codTipoDovuto))
      p.add('CAPITOLO_NOT_FOR_TIPO_DOVUTO', `${at}.codCapitolo`, `capitolo "${split.codCapitolo}" takes only ${capitolo.tipiDovuto.join(', ')}, not "${codTipoDovuto}"`);
    if (split.codAccertamento === undefined) return;
    const acc = accertamenti.get(split.codAccertamento);
    if (!acc) p.add('ACCERTAMENTO_CONTABILE_UNKNOWN', `${at}.codAccertamento`, `accertamento "${split.codAccertamento}" does not exist for ente ${codIpa} in ${anno}`);
    else if (acc.codCapitolo !== split.codCapitolo)
      p.add('ACCERTAMENTO_CONTABILE_MISMATCH', `${at}.codAccertamento`, `accertamento "${split.codAccertamento}" belongs to capitolo "${acc.codCapitolo}", not to "${split.codCapitolo}"`);
    else if (!acc.active) p.add('ACCERTAMENTO_CONTABILE_INACTIVE', `${at}.codAccertamento`, `accertamento "${split.codAccertamento}" is deactivated for ${anno}`);
  });
  p.throwIfAny();
}

function addPayment(cmd: AddPayment, state: AccertamentoState): AccertamentoEvent[] {
  const s = open(state, 'changed');
  const d = cmd.data;
  const payment = paymentOf(d, s.header.codIpa);
  const included = s.payments.get(payment.paymentKey);
  if (included) {
    // The same selection sent again (a double click, a retried request) is a repeat.
    if (JSON.stringify(included) === JSON.stringify(payment)) return [];
    throw errors.alreadyIncluded(payment.paymentKey);
  }
  if (d.alreadyInClosedAccertamento !== undefined && d.alreadyInClosedAccertamento !== s.header.id)
    throw errors.inClosedAccertamento(payment.paymentKey, d.alreadyInClosedAccertamento);
  if (d.tipoDovuto !== s.header.codTipoDovuto) throw errors.otherTipoDovuto(payment.paymentKey, d.tipoDovuto, s.header.codTipoDovuto);
  if (!d.paid) throw errors.notPaid(payment.paymentKey);
  if (d.requireReportedAndCashed !== false && !(d.reported && d.cashed)) {
    throw errors.notReportedOrCashed(payment.paymentKey, [...(d.reported ? [] : ['reported']), ...(d.cashed ? [] : ['cashed'])]);
  }
  const sum = sumCents(payment.splits.map((x) => x.importo));
  if (sum !== payment.importo) throw errors.splitSumMismatch(payment.paymentKey, payment.importo, sum);
  checkSplits(payment.splits, d.anagrafica, s);
  return [{ type: 'AccertamentoPaymentAdded', data: { accertamentoId: s.header.id, codIpa: s.header.codIpa, payment, at: cmd.metadata.now } }];
}

function removePayment(cmd: RemovePayment, state: AccertamentoState): AccertamentoEvent[] {
  const s = open(state, 'changed');
  const { paymentKey } = cmd.data;
  if (!s.payments.has(paymentKey)) {
    if (s.removed.has(paymentKey)) return [];
    throw errors.notIncluded(paymentKey);
  }
  return [{ type: 'AccertamentoPaymentRemoved', data: { accertamentoId: s.header.id, codIpa: s.header.codIpa, paymentKey, at: cmd.metadata.now } }];
}

function close(cmd: CloseAccertamento, state: AccertamentoState): AccertamentoEvent[] {
  const s = open(state, 'closed');
  if (s.payments.size === 0) throw errors.empty(s.header.id);
  const clash = (cmd.data.closedElsewhere ?? []).find((c) => s.payments.has(c.paymentKey) && c.accertamentoId !== s.header.id);
  if (clash) throw errors.inClosedAccertamento(clash.paymentKey, clash.accertamentoId);
  const payments = [...s.payments.values()];
  const { id, codIpa, codTipoDovuto, anno } = s.header;
  return [
    {
      type: 'AccertamentoClosed',
      data: {
        accertamentoId: id,
        codIpa,
        codTipoDovuto,
        anno,
        paymentKeys: payments.map((x) => x.paymentKey),
        payments,
        totalImporto: sumCents(payments.map((x) => x.importo)),
        at: cmd.metadata.now,
      },
    },
  ];
}

function cancel(cmd: CancelAccertamento, state: AccertamentoState): AccertamentoEvent[] {
  const s = open(state, 'cancelled');
  const reason = text(cmd.data.reason);
  return [{ type: 'AccertamentoCancelled', data: { accertamentoId: s.header.id, codIpa: s.header.codIpa, ...(reason !== '' && { reason }), at: cmd.metadata.now } }];
}

export function decideAccertamento(command: AccertamentoCommand, state: AccertamentoState): AccertamentoEvent[] {
  switch (command.type) {
    case 'CreateAccertamento':
      return create(command, state);
    case 'AddPayment':
      return addPayment(command, state);
    case 'RemovePayment':
      return removePayment(command, state);
    case 'CloseAccertamento':
      return close(command, state);
    case 'CancelAccertamento':
      return cancel(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown accertamento command ${JSON.stringify(unknown)}`);
    }
  }
}

export const accertamentoDecider: Decider<AccertamentoCommand, AccertamentoEvent, AccertamentoState> = {
  initialState: initialAccertamentoState,
  evolve: evolveAccertamento,
  decide: decideAccertamento,
};
