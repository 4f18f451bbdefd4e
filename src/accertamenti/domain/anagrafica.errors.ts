import { conflict, DomainError, type ErrorKind } from '../../kernel/errors';

/**
 * Refusals that depend on what the anagrafica already holds. "Unknown" is not_found when the command targets the
 * record, and invalid when another record refers to it (a capitolo naming an ufficio that does not exist).
 */
const where = (codIpa: string, anno: number) => `for ente ${codIpa} in ${anno}`;
const unknownKind = (asTarget: boolean): ErrorKind => (asTarget ? 'not_found' : 'invalid');

export const anagraficaErrors = {
  scopeMismatch: (stream: { codIpa: string; anno: number }, codIpa: string, anno: number) =>
    conflict('ANAGRAFICA_SCOPE_MISMATCH', `this anagrafica belongs to ente ${stream.codIpa}, year ${stream.anno}; the command is for ente ${codIpa}, year ${anno}`),
  duplicateCode: (what: string, field: string, code: string, codIpa: string, anno: number, deactivated: boolean) =>
    conflict(
      'DUPLICATE_CODE',
      deactivated
        ? `${what} "${code}" already exists ${where(codIpa, anno)} and is deactivated: codes are not reused within a year`
        : `${what} "${code}" already exists ${where(codIpa, anno)} with other data: update it instead of creating it again`,
      field,
    ),
  ufficioUnknown: (code: string, codIpa: string, anno: number, asTarget: boolean) =>
    new DomainError('UFFICIO_UNKNOWN', `ufficio "${code}" does not exist ${where(codIpa, anno)}: create it first`, unknownKind(asTarget), 'codUfficio'),
  ufficioInactive: (code: string) => conflict('UFFICIO_INACTIVE', `ufficio "${code}" is deactivated: it cannot be changed or receive new capitoli`, 'codUfficio'),
  ufficioInUse: (code: string, capitoli: string[]) =>
    conflict('UFFICIO_IN_USE', `ufficio "${code}" still has active capitoli (${capitoli.join(', ')}): deactivate them or move them to another ufficio first`, 'codUfficio', {
      capitoli,
    }),
  capitoloUnknown: (code: string, codIpa: string, anno: number, asTarget: boolean) =>
    new DomainError('CAPITOLO_UNKNOWN', `capitolo "${code}" does not exist ${where(codIpa, anno)}: create it first`, unknownKind(asTarget), 'codCapitolo'),
  capitoloInactive: (code: string) =>
    conflict('CAPITOLO_INACTIVE', `capitolo "${code}" is deactivated: it cannot be changed or receive new accertamenti`, 'codCapitolo'),
  capitoloInUse: (code: string, accertamenti: string[]) =>
    conflict(
      'CAPITOLO_IN_USE',
      `capitolo "${code}" still has active accertamenti (${accertamenti.join(', ')}): deactivate them or move them to another capitolo first`,
      'codCapitolo',
      { accertamenti },
    ),
  accertamentoUnknown: (code: string, codIpa: string, anno: number) =>
    new DomainError('ACCERTAMENTO_CONTABILE_UNKNOWN', `accertamento "${code}" does not exist ${where(codIpa, anno)}: create it first`, 'not_found', 'codAccertamento'),
  accertamentoInactive: (code: string) =>
    conflict('ACCERTAMENTO_CONTABILE_INACTIVE', `accertamento "${code}" is deactivated: it cannot be changed`, 'codAccertamento'),
  ufficioMismatch: (codCapitolo: string, given: string, actual: string) =>
    new DomainError('UFFICIO_MISMATCH', `capitolo "${codCapitolo}" belongs to ufficio "${actual}", not to "${given}"`, 'invalid', 'codUfficio', {
      codCapitolo,
      expected: actual,
      actual: given,
    }),
} satisfies Record<string, (...args: never[]) => DomainError>;
