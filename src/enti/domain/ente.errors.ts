import { conflict, DomainError, invalid, notFound } from '../../kernel/errors';

export const enteNotFound = () => notFound('ENTE_NOT_FOUND', 'this ente is not registered: register it before configuring it');

export const enteAlreadyRegistered = (codIpa: string) =>
  conflict('ENTE_ALREADY_REGISTERED', `ente ${codIpa} is already registered: use UpdateEnte to change it`, 'codIpa');

export const tipoDovutoNotFound = (codTipo: string) =>
  new DomainError('TIPO_DOVUTO_NOT_FOUND', `tipo dovuto "${codTipo}" is not configured for this ente`, 'not_found', 'codTipo');

export const apiKeyNotFound = (keyId: string) => new DomainError('API_KEY_NOT_FOUND', `API key "${keyId}" does not exist for this ente`, 'not_found', 'keyId');

export const apiKeyAlreadyExists = (keyId: string) =>
  conflict('API_KEY_ALREADY_EXISTS', `API key "${keyId}" already exists for this ente; key ids are never reused, even after revocation`, 'keyId');

/**
 * Re-labels an identifier refusal with the code of the ente field it concerns (INVALID_CF_ENTE rather than
 * PARTITA_IVA_CHECK_DIGIT), keeping the original code in details so the reason is not lost.
 */
export function asFieldError(code: string, field: string, check: () => void): void {
  try {
    check();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    throw invalid(code, field, e.message, { reason: e.code, ...(e.details ?? {}) });
  }
}
