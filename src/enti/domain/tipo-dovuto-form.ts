import { invalid, ValidationErrors } from '../../kernel/errors';

/**
 * The form a citizen fills to pay a tipo dovuto spontaneously, and the causale built from it. Pure: the same
 * declaration and values always give the same answer.
 */
export type CampoType = 'text' | 'number' | 'date' | 'email' | 'select';
export const CAMPO_TYPES: readonly CampoType[] = ['text', 'number', 'date', 'email', 'select'];

export interface CampoSpontaneo {
  readonly name: string;
  readonly label: string;
  readonly type: CampoType;
  readonly required: boolean;
  /** A JavaScript regular expression the whole value must match. */
  readonly pattern?: string;
  readonly maxLength?: number;
  /** The allowed values of a select. */
  readonly options?: readonly string[];
}

/** How the amount of a dovuto of this tipo is split over the budget by default; percentuali add up to 100. */
export interface QuotaBilancio {
  readonly codCapitolo: string;
  readonly codUfficio?: string;
  readonly codAccertamento?: string;
  readonly percentuale: number;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const PLACEHOLDER = /\{([^{}]*)\}/g;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const MAX_CAMPI = 30;

export function campi(value: unknown): CampoSpontaneo[] {
  if (!Array.isArray(value)) throw invalid('INVALID_CAMPI', 'campi', 'campi must be a list of form fields');
  if (value.length > MAX_CAMPI) throw invalid('INVALID_CAMPI', 'campi', `a form has at most ${MAX_CAMPI} fields, got ${value.length}`);
  const seen = new Set<string>();
  return value.map((raw, i) => {
    const c = (raw ?? {}) as Record<string, unknown>;
    const at = `campi[${i}]`;
    if (typeof c.name !== 'string' || !NAME.test(c.name)) {
      throw invalid('INVALID_CAMPO_NAME', `${at}.name`, `${at}.name "${String(c.name)}" must start with a letter and hold only letters, digits and '_' (at most 40)`);
    }
    if (seen.has(c.name)) throw invalid('DUPLICATE_CAMPO', `${at}.name`, `field "${c.name}" is declared twice`);
    seen.add(c.name);
    if (typeof c.label !== 'string' || c.label.trim() === '' || c.label.length > 100) throw invalid('INVALID_CAMPO_LABEL', `${at}.label`, `${at}.label is required (at most 100 characters)`);
    if (!CAMPO_TYPES.includes(c.type as CampoType)) throw invalid('INVALID_CAMPO_TYPE', `${at}.type`, `${at}.type "${String(c.type)}" must be one of ${CAMPO_TYPES.join(', ')}`);
    if (c.required !== undefined && typeof c.required !== 'boolean') throw invalid('INVALID_FLAG', `${at}.required`, `${at}.required must be true or false`);
    const out: { -readonly [K in keyof CampoSpontaneo]: CampoSpontaneo[K] } = { name: c.name, label: c.label.trim(), type: c.type as CampoType, required: c.required === true };
    if (c.pattern !== undefined) {
      if (typeof c.pattern !== 'string' || c.pattern.length > 200) throw invalid('INVALID_CAMPO_PATTERN', `${at}.pattern`, `${at}.pattern must be a regular expression of at most 200 characters`);
      try {
        new RegExp(c.pattern);
      } catch (e) {
        throw invalid('INVALID_CAMPO_PATTERN', `${at}.pattern`, `${at}.pattern is not a valid regular expression: ${(e as Error).message}`);
      }
      out.pattern = c.pattern;
    }
    if (c.maxLength !== undefined) {
      if (!Number.isInteger(c.maxLength) || (c.maxLength as number) < 1 || (c.maxLength as number) > 1000) throw invalid('INVALID_CAMPO_MAX_LENGTH', `${at}.maxLength`, `${at}.maxLength must be a whole number from 1 to 1000`);
      out.maxLength = c.maxLength as number;
    }
    if (c.type === 'select') {
      const options = c.options;
      if (!Array.isArray(options) || options.length === 0 || options.some((o) => typeof o !== 'string' || o === '')) {
        throw invalid('INVALID_CAMPO_OPTIONS', `${at}.options`, `${at} is a select: options must list its non-empty values`);
      }
      out.options = [...(options as string[])];
    } else if (c.options !== undefined) {
      throw invalid('INVALID_CAMPO_OPTIONS', `${at}.options`, `${at}.options is only for fields of type select`);
    }
    return out;
  });
}

/** The `{campo}` placeholders of a causale template; each must name a declared field. */
export function checkCausaleTemplate(template: string, fields: readonly CampoSpontaneo[] | undefined): void {
  const names = new Set((fields ?? []).map((f) => f.name));
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (!names.has(m[1]!)) {
      const known = names.size ? `declared fields are ${[...names].join(', ')}` : 'the tipo declares no form fields';
      throw invalid('INVALID_CAUSALE_TEMPLATE', 'causaleTemplate', `causaleTemplate uses {${m[1]}}, which is not a form field: ${known}`);
    }
  }
}

export function bilancioDefault(value: unknown): QuotaBilancio[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid('INVALID_BILANCIO_DEFAULT', 'bilancioDefault', 'bilancioDefault must list at least one capitolo with its percentuale');
  let total = 0;
  const out = value.map((raw, i) => {
    const q = (raw ?? {}) as Record<string, unknown>;
    const at = `bilancioDefault[${i}]`;
    if (typeof q.codCapitolo !== 'string' || q.codCapitolo.trim() === '' || q.codCapitolo.length > 64) throw invalid('INVALID_BILANCIO_DEFAULT', `${at}.codCapitolo`, `${at}.codCapitolo is required (at most 64 characters)`);
    for (const k of ['codUfficio', 'codAccertamento'] as const) {
      if (q[k] !== undefined && (typeof q[k] !== 'string' || (q[k] as string).length > 64)) throw invalid('INVALID_BILANCIO_DEFAULT', `${at}.${k}`, `${at}.${k} must be text of at most 64 characters`);
    }
    if (!Number.isInteger(q.percentuale) || (q.percentuale as number) <= 0 || (q.percentuale as number) > 100) {
      throw invalid('INVALID_BILANCIO_DEFAULT', `${at}.percentuale`, `${at}.percentuale must be a whole number from 1 to 100`);
    }
    total += q.percentuale as number;
    return {
      codCapitolo: q.codCapitolo.trim(),
      ...(q.codUfficio !== undefined && { codUfficio: q.codUfficio as string }),
      ...(q.codAccertamento !== undefined && { codAccertamento: q.codAccertamento as string }),
      percentuale: q.percentuale as number,
    };
  });
  if (total !== 100) throw invalid('INVALID_BILANCIO_DEFAULT', 'bilancioDefault', `the percentuali of bilancioDefault add up to ${total}, they must add up to 100`);
  return out;
}

/** Splits an amount by the default quotas; the rounding remainder goes to the first capitolo, so the sum is exact. */
export function splitBilancio(importo: number, quote: readonly QuotaBilancio[]): { codCapitolo: string; codUfficio?: string; codAccertamento?: string; importo: number }[] {
  const parts = quote.map(({ percentuale, ...rest }) => ({ ...rest, importo: Math.floor((importo * percentuale) / 100) }));
  parts[0]!.importo += importo - parts.reduce((s, p) => s + p.importo, 0);
  return parts;
}

/**
 * Checks a citizen's values against the form: unknown fields refused, required ones present, type, maxLength,
 * pattern and options respected. Every problem is reported at once. Returns the trimmed values.
 */
export function validateCampi(fields: readonly CampoSpontaneo[], values: Record<string, unknown>): Record<string, string> {
  const errors: { field: string; code: string; message: string }[] = [];
  const known = new Map(fields.map((f) => [f.name, f]));
  for (const name of Object.keys(values)) {
    if (!known.has(name)) errors.push({ field: `campi.${name}`, code: 'CAMPO_UNKNOWN', message: `"${name}" is not a field of this form (fields: ${[...known.keys()].join(', ') || 'none'})` });
  }
  const out: Record<string, string> = {};
  for (const f of fields) {
    const raw = Object.prototype.hasOwnProperty.call(values, f.name) ? values[f.name] : undefined;
    const field = `campi.${f.name}`;
    if (raw === undefined || raw === null || String(raw).trim() === '') {
      if (f.required) errors.push({ field, code: 'CAMPO_REQUIRED', message: `${f.label} is required` });
      continue;
    }
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      errors.push({ field, code: 'CAMPO_INVALID', message: `${f.label} must be text` });
      continue;
    }
    const v = String(raw).trim();
    const problem = typeProblem(f, v);
    if (problem) errors.push({ field, code: 'CAMPO_INVALID', message: `${f.label}: ${problem}` });
    else if (f.maxLength !== undefined && v.length > f.maxLength) errors.push({ field, code: 'CAMPO_TOO_LONG', message: `${f.label} has ${v.length} characters, at most ${f.maxLength} are allowed` });
    else if (f.pattern !== undefined && !new RegExp(`^(?:${f.pattern})$`).test(v)) errors.push({ field, code: 'CAMPO_PATTERN', message: `${f.label} "${v}" does not have the required format` });
    else out[f.name] = v;
  }
  if (errors.length) throw new ValidationErrors(errors);
  return out;
}

function typeProblem(f: CampoSpontaneo, v: string): string | undefined {
  switch (f.type) {
    case 'text':
      return undefined;
    case 'number':
      return NUMBER.test(v) ? undefined : `"${v}" is not a number (digits, '.' for decimals)`;
    case 'date': {
      if (!DATE.test(v)) return `"${v}" must be a date YYYY-MM-DD`;
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v ? undefined : `"${v}" is not a real date`;
    }
    case 'email':
      return EMAIL.test(v) ? undefined : `"${v}" is not an e-mail address`;
    case 'select':
      return f.options!.includes(v) ? undefined : `"${v}" is not one of ${f.options!.join(', ')}`;
  }
}

/** Fills `{campo}` with the values (an empty optional field leaves nothing), collapsing the spaces left behind. */
export const buildCausale = (template: string, values: Record<string, string>): string =>
  template.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '').replace(/\s+/g, ' ').trim();
