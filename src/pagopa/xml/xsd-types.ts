import { eurosToCents, type Cents } from '../../kernel/money';

/**
 * The XSD simple types pagoPA schemas use (paForNode, RPT/RT 6.2, FlussoRiversamento), as checks on the trimmed
 * text of an element. A check returns the typed value or a sentence saying why the text is refused.
 */
export type CheckResult<T> = { ok: true; value: T } | { ok: false; message: string };
export type Check<T> = (raw: string) => CheckResult<T>;

const ok = <T>(value: T): CheckResult<T> => ({ ok: true, value });
const fail = <T>(message: string): CheckResult<T> => ({ ok: false, message });

/** xs:string with length facets (stText16/35/70/140...). Length counts characters, as XSD does, not UTF-16 units. */
export const text =
  (maxLength: number, minLength = 1): Check<string> =>
  (raw) => {
    const length = [...raw].length;
    if (length < minLength) return fail(minLength === 1 ? 'must not be empty' : `must have at least ${minLength} characters, it has ${length}`);
    if (length > maxLength) return fail(`must have at most ${maxLength} characters, it has ${length}`);
    return ok(raw);
  };

export const pattern =
  (re: RegExp, description: string): Check<string> =>
  (raw) => {
    const anchored = new RegExp(`^(?:${re.source})$`, re.flags.replace('g', ''));
    return anchored.test(raw) ? ok(raw) : fail(`"${raw}" is not ${description}`);
  };

export const oneOf =
  <T extends string>(values: readonly T[]): Check<T> =>
  (raw) =>
    (values as readonly string[]).includes(raw) ? ok(raw as T) : fail(`"${raw}" must be one of ${values.join(', ')}`);

export const fiscalCodePA: Check<string> = pattern(/[0-9]{11}/, 'an 11-digit fiscal code of a public body (stFiscalCodePA)');
export const noticeNumber: Check<string> = pattern(/[0-9]{18}/, 'an 18-digit notice number (stNoticeNumber)');
export const nazioneProvincia: Check<string> = pattern(/[A-Z]{2}/, 'two capital letters (stNazioneProvincia)');
export const email: Check<string> = (raw) => {
  if ([...raw].length > 256) return fail('must have at most 256 characters');
  return pattern(/[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*/, 'an e-mail address (stEMail)')(raw);
};

const AMOUNT_PATTERN = /^\d+\.\d{2}$/;
const MAX_AMOUNT_CENTS = 99_999_999_999;

/**
 * stAmount / stImporto (`\d+\.\d{2}`, at most 999999999.99) to integer cents. The pattern is stricter than
 * eurosToCents on purpose: "10.5", "10", "10,50" and "1e3" are all refused, as the XSD refuses them.
 */
export const amount =
  (options: { notZero?: boolean } = {}): Check<Cents> =>
  (raw) => {
    if (!AMOUNT_PATTERN.test(raw)) {
      const hint = /^\d+,\d+$/.test(raw) ? ' (the decimal separator is a dot)' : /^\d+(\.\d)?$/.test(raw) ? ' (write exactly two decimals)' : '';
      return fail(`"${raw}" is not an amount with exactly two decimals, e.g. 14.50${hint}`);
    }
    // XSD allows leading zeros ("007.00"); eurosToCents does not, and they mean nothing.
    const cents = eurosToCents(raw.replace(/^0+(?=\d)/, ''));
    if (cents > MAX_AMOUNT_CENTS) return fail(`"${raw}" is more than 999999999.99`);
    if (options.notZero && cents === 0) return fail(`"${raw}" must be at least 0.01`);
    return ok(cents);
  };

const DATE = /^(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

/** xs:date, kept as sent (YYYY-MM-DD, possibly with a zone as XSD allows). */
export const isoDate: Check<string> = (raw) => {
  const m = DATE.exec(raw);
  return m && isCalendarDate(+m[1]!, +m[2]!, +m[3]!) ? ok(raw) : fail(`"${raw}" is not a date YYYY-MM-DD`);
};

/** xs:dateTime, kept as sent (pagoPA usually omits the zone: it means Italian local time). */
export const isoDateTime: Check<string> = (raw) => {
  const m = DATE_TIME.exec(raw);
  const valid = m && isCalendarDate(+m[1]!, +m[2]!, +m[3]!) && +m[4]! <= 23 && +m[5]! <= 59 && +m[6]! <= 59;
  return valid ? ok(raw) : fail(`"${raw}" is not a date-time YYYY-MM-DDThh:mm:ss`);
};

/** xs:boolean: true, false, 1, 0. */
export const xsdBoolean: Check<boolean> = (raw) =>
  raw === 'true' || raw === '1' ? ok(true) : raw === 'false' || raw === '0' ? ok(false) : fail(`"${raw}" must be true or false`);

/** xs:base64Binary (whitespace between groups is allowed by XSD). */
export const base64: Check<string> = (raw) => {
  const compact = raw.replace(/\s+/g, '');
  return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact) ? ok(raw) : fail('is not base64');
};

/** Integer enumeration such as stIdTransfer (1..5). */
export const intBetween =
  (min: number, max: number): Check<number> =>
  (raw) => {
    if (!/^[+]?\d+$/.test(raw)) return fail(`"${raw}" must be a whole number from ${min} to ${max}`);
    const n = Number(raw);
    return n >= min && n <= max ? ok(n) : fail(`"${raw}" must be a whole number from ${min} to ${max}`);
  };

/** A check and then a further condition on its value. */
export const refine =
  <T>(check: Check<T>, condition: (value: T) => string | undefined): Check<T> =>
  (raw) => {
    const r = check(raw);
    if (!r.ok) return r;
    const problem = condition(r.value);
    return problem === undefined ? r : fail(problem);
  };
