import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidationErrors } from '../kernel/errors';

/** Unknown fields are refused (not stripped) and every problem is named by its field path. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => new ValidationErrors(flatten(errors)),
  });
}

function flatten(errors: ValidationError[], prefix = ''): { field: string; code: string; message: string }[] {
  const out: { field: string; code: string; message: string }[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    for (const [constraint, message] of Object.entries(e.constraints ?? {})) {
      out.push({ field, code: constraint === 'whitelistValidation' ? 'UNKNOWN_FIELD' : `INVALID_${constraint.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`, message: constraint === 'whitelistValidation' ? `${field} is not a known field` : message });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}
