/**
 * Every refusal carries a stable code (what a client switches on), the field it is about when there is one,
 * and a sentence an operator can read. The API maps `kind` to the HTTP status, nothing else.
 */
export type ErrorKind = 'invalid' | 'not_found' | 'conflict' | 'forbidden' | 'unauthorized' | 'precondition' | 'too_large' | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: ErrorKind = 'invalid',
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, field: string | undefined, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 'invalid', field, details);
export const notFound = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 'not_found', undefined, details);
export const conflict = (code: string, message: string, field?: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 'conflict', field, details);

/** Several field errors reported at once, e.g. all problems of one CSV row or one request body. */
export class ValidationErrors extends DomainError {
  constructor(readonly errors: { field: string; code: string; message: string }[]) {
    super(errors[0]?.code ?? 'INVALID', errors.map((e) => `${e.field}: ${e.message}`).join('; '), 'invalid', errors[0]?.field);
    this.name = 'ValidationErrors';
  }
}
