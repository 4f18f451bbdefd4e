import { conflict, DomainError, invalid, notFound } from '../../kernel/errors';

/** Refusals that depend on the position's life so far (not on a field's shape): HTTP 409 unless not found. */
export const positionErrors = {
  notFound: () => notFound('POSITION_NOT_FOUND', 'this dovuto does not exist: create it first (azione I)'),
  iudAlreadyExists: (iud: string) =>
    conflict('IUD_ALREADY_EXISTS', `a dovuto with IUD "${iud}" already exists for this ente: use azione M to change it`, 'iud'),
  alreadyPaid: (iud: string, action: string) =>
    conflict('ALREADY_PAID', `dovuto "${iud}" is already paid: it cannot be ${action}`),
  cancelled: (iud: string, action: string) => conflict('POSITION_CANCELLED', `dovuto "${iud}" was cancelled: it cannot be ${action}`),
  expired: (iud: string, dataScadenza: string | undefined) =>
    conflict('POSITION_EXPIRED', `dovuto "${iud}" expired (dataScadenza ${dataScadenza ?? 'none'}): it can no longer be paid; give it a new dataScadenza to reopen it`),
  notPaid: (iud: string, action: string) =>
    conflict('NOT_PAID', `dovuto "${iud}" has no positive receipt: it cannot be ${action} before it is paid`),
  alreadyAssessed: (iud: string, accertamentoId: string) =>
    conflict('ALREADY_ASSESSED', `dovuto "${iud}" is already assigned to accertamento ${accertamentoId}`, 'accertamentoId'),
  notYetDue: (iud: string, dataScadenza: string, today: string) =>
    conflict('NOT_YET_DUE', `dovuto "${iud}" is due on ${dataScadenza}: it cannot expire on ${today}, only after that day`),
  noDueDate: (iud: string) => conflict('NO_DUE_DATE', `dovuto "${iud}" has no dataScadenza, so it never expires`),
  iuvChange: (iuv: string, requested: string) =>
    invalid('IUV_CHANGE_NOT_ALLOWED', 'iuv', `the IUV of a dovuto cannot change (it is printed on the notice): it is ${iuv}, the update asks for ${requested}`),
  tipoChange: (tipo: string, requested: string) =>
    invalid('TIPO_DOVUTO_CHANGE_NOT_ALLOWED', 'tipoDovuto', `the tipo dovuto of a dovuto cannot change: it is ${tipo}, the update asks for ${requested}; cancel it and create a new one`),
  tipoUnknown: (code: string) => invalid('TIPO_DOVUTO_UNKNOWN', 'tipoDovuto', `tipo dovuto "${code}" is not configured for this ente`),
  tipoInactive: (code: string) => invalid('TIPO_DOVUTO_INACTIVE', 'tipoDovuto', `tipo dovuto "${code}" is deactivated: no new dovuti can be created for it`),
} satisfies Record<string, (...args: never[]) => DomainError>;
