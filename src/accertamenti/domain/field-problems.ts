import { invalid, ValidationErrors } from '../../kernel/errors';

/**
 * Collects every field problem of one command before refusing it, so an operator fixes a form or a CSV row in one
 * go. One problem throws its own DomainError (keeping its details); several throw one ValidationErrors.
 */
export class FieldProblems {
  private readonly list: { field: string; code: string; message: string; details?: Record<string, unknown> }[] = [];

  add(code: string, field: string, message: string, details?: Record<string, unknown>): void {
    this.list.push({ field, code, message, ...(details && { details }) });
  }

  get all(): readonly { field: string; code: string; message: string }[] {
    return this.list;
  }

  get empty(): boolean {
    return this.list.length === 0;
  }

  throwIfAny(): void {
    if (this.list.length === 0) return;
    if (this.list.length === 1) {
      const [p] = this.list;
      throw invalid(p.code, p.field, p.message, p.details);
    }
    throw new ValidationErrors(this.list.map(({ field, code, message }) => ({ field, code, message })));
  }
}
