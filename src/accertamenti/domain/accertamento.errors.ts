import { conflict, DomainError, invalid, notFound } from '../../kernel/errors';
import { centsToEuros, type Cents } from '../../kernel/money';

/** Refusals that depend on the accertamento's life or on the payment the handler found. */
export const accertamentoErrors = {
  notFound: () => notFound('ACCERTAMENTO_NOT_FOUND', 'this accertamento does not exist: create it first'),
  alreadyExists: (id: string) => conflict('ACCERTAMENTO_ALREADY_EXISTS', `accertamento "${id}" already exists`, 'id'),
  closed: (id: string, action: string) => conflict('ACCERTAMENTO_CLOSED', `accertamento "${id}" is closed (CHIUSO): it cannot be ${action}`),
  cancelled: (id: string, action: string) => conflict('ACCERTAMENTO_CANCELLED', `accertamento "${id}" is cancelled (ANNULLATO): it cannot be ${action}`),
  empty: (id: string) => conflict('ACCERTAMENTO_EMPTY', `accertamento "${id}" has no payments: add at least one before closing it`),
  alreadyIncluded: (paymentKey: string) =>
    conflict('PAYMENT_ALREADY_INCLUDED', `payment ${paymentKey} is already in this accertamento with another assignment: remove it first to change it`, 'paymentKey'),
  notIncluded: (paymentKey: string) => new DomainError('PAYMENT_NOT_INCLUDED', `payment ${paymentKey} is not in this accertamento`, 'not_found', 'paymentKey'),
  inClosedAccertamento: (paymentKey: string, accertamentoId: string) =>
    conflict('PAYMENT_IN_CLOSED_ACCERTAMENTO', `payment ${paymentKey} already belongs to closed accertamento "${accertamentoId}": a payment is assessed once`, 'paymentKey', {
      paymentKey,
      accertamentoId,
    }),
  otherTipoDovuto: (paymentKey: string, tipo: string, expected: string) =>
    invalid('PAYMENT_OF_OTHER_TIPO_DOVUTO', 'tipoDovuto', `payment ${paymentKey} is of tipo dovuto "${tipo}", this accertamento is for "${expected}"`, { expected, actual: tipo }),
  notPaid: (paymentKey: string) => conflict('PAYMENT_NOT_PAID', `payment ${paymentKey} has no positive receipt: only paid positions can be assessed`, 'paymentKey'),
  notReportedOrCashed: (paymentKey: string, missing: string[]) =>
    conflict(
      'PAYMENT_NOT_REPORTED_OR_CASHED',
      `payment ${paymentKey} is not ${missing.join(' nor ')} yet: wait for the reporting flow and the treasury movement, or add it explicitly without requiring them`,
      'paymentKey',
      { missing },
    ),
  splitSumMismatch: (paymentKey: string, expected: Cents, actual: Cents) =>
    invalid(
      'SPLIT_SUM_MISMATCH',
      'splits',
      `the splits of payment ${paymentKey} add up to ${centsToEuros(actual)} euros, the payment is ${centsToEuros(expected)} euros: they must be equal`,
      { expected, actual },
    ),
} satisfies Record<string, (...args: never[]) => DomainError>;
