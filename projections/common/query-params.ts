/**
 * Checks shared by the query functions of every read model. Queries refuse what they cannot answer exactly
 * (unknown filters, reversed ranges, pages too large) instead of guessing, so a client learns about its mistake.
 */
import { eurosToCents, type Cents } from '../../src/kernel/money';
import { invalid } from '../../src/kernel/errors';
import { isCalendarDate } from '../../src/positions/domain/calendar-date';
import type { SortDirection } from '../../src/read-store/read-store.port';
import { parseInstant, nextCalendarDay, romeDayStartUtc } from './rome-time';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 200;

export interface PageParams {
  /** 1-based; default 1. */
  page?: number | string;
  /** Default 20, at most 200. */
  pageSize?: number | string;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  /** Items matching the filters, over all pages. */
  total: number;
}

/** Only the parameters a query knows: a misspelt filter would otherwise silently return everything. */
export function rejectUnknownParams(params: object, known: readonly string[]): void {
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && !known.includes(name))
      throw invalid('UNKNOWN_FILTER', name, `unknown filter "${name}": the filters are ${known.join(', ')}`);
  }
}

const wholeNumber = (value: number | string, field: string): number => {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw invalid('INVALID_PAGE', field, `${field} must be a whole number, got ${JSON.stringify(value)}`);
  return n;
};

export function parsePage(params: PageParams): { page: number; pageSize: number; skip: number } {
  const page = params.page === undefined ? 1 : wholeNumber(params.page, 'page');
  if (page < 1) throw invalid('INVALID_PAGE', 'page', `page starts at 1, got ${page}`);
  const pageSize = params.pageSize === undefined ? DEFAULT_PAGE_SIZE : wholeNumber(params.pageSize, 'pageSize');
  if (pageSize < 1) throw invalid('INVALID_PAGE', 'pageSize', `pageSize must be at least 1, got ${pageSize}`);
  if (pageSize > MAX_PAGE_SIZE)
    throw invalid('PAGE_SIZE_TOO_LARGE', 'pageSize', `pageSize ${pageSize} is too large: at most ${MAX_PAGE_SIZE} items per page, ask for the next page instead`);
  const skip = (page - 1) * pageSize;
  if (!Number.isSafeInteger(skip)) throw invalid('INVALID_PAGE', 'page', `page ${page} is too large`);
  return { page, pageSize, skip };
}

/**
 * 'createdAt' or '-createdAt' (descending) against a whitelist of sort names mapped to stored fields.
 * Only fields with an index behind them are offered, so a sort never scans a whole ente.
 */
export function parseSort(value: string | undefined, allowed: Readonly<Record<string, string>>, fallback: string): [string, SortDirection][] {
  const text = (value ?? fallback).trim();
  const descending = text.startsWith('-');
  const name = descending ? text.slice(1) : text;
  const field = Object.prototype.hasOwnProperty.call(allowed, name) ? allowed[name] : undefined;
  if (field === undefined)
    throw invalid('INVALID_SORT', 'sort', `cannot sort by "${text}": use one of ${Object.keys(allowed).join(', ')}, with "-" in front for descending order`);
  return [[field, descending ? -1 : 1]];
}

export function optionalText(value: unknown, field: string, maxLength = 140): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid('INVALID_FILTER', field, `${field} must be text, got ${JSON.stringify(value)}`);
  const text = value.trim();
  if (text === '') return undefined;
  if (text.length > maxLength) throw invalid('INVALID_FILTER', field, `${field} is longer than ${maxLength} characters`);
  return text;
}

export function optionalDate(value: unknown, field: string): string | undefined {
  const text = optionalText(value, field);
  if (text === undefined) return undefined;
  if (!isCalendarDate(text)) throw invalid('INVALID_DATE', field, `${field} "${text}" must be a calendar date YYYY-MM-DD, e.g. 2024-12-31`);
  return text;
}

/**
 * A bound on a stored UTC instant. A date alone means the whole Italian day: as a lower bound its midnight,
 * as an upper bound everything before the next midnight. A date-time is taken as the exact instant.
 */
export function instantBound(value: unknown, field: string, side: 'from' | 'to'): { op: '$gte' | '$lte' | '$lt'; value: string } | undefined {
  const text = optionalText(value, field, 40);
  if (text === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    if (!isCalendarDate(text)) throw invalid('INVALID_DATE', field, `${field} "${text}" is not a calendar date`);
    return side === 'from' ? { op: '$gte', value: romeDayStartUtc(text) } : { op: '$lt', value: romeDayStartUtc(nextCalendarDay(text)) };
  }
  const ms = /T/.test(text) ? parseInstant(text) : undefined;
  if (ms === undefined)
    throw invalid('INVALID_DATE', field, `${field} "${text}" must be a date YYYY-MM-DD or a date-time with zone, e.g. 2024-03-01T00:00:00+01:00`);
  return { op: side === 'from' ? '$gte' : '$lte', value: new Date(ms).toISOString() };
}

export function optionalCents(value: unknown, field: string): Cents | undefined {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) return undefined;
  return eurosToCents(value, field);
}

/** Refuses a range whose start is after its end, naming both fields. */
export function checkRange<T extends string | number>(from: T | undefined, to: T | undefined, fromField: string, toField: string, fromText: unknown = from, toText: unknown = to): void {
  if (from !== undefined && to !== undefined && from > to)
    throw invalid('INVALID_RANGE', fromField, `${fromField} (${String(fromText)}) is after ${toField} (${String(toText)}): the range is empty; swap them`, {
      from: fromField,
      to: toField,
    });
}

export type InstantBound = NonNullable<ReturnType<typeof instantBound>>;

/** Both bounds of an instant range, refusing an empty one (the raw texts are named in the message). */
export function instantRange(params: Record<string, unknown>, fromField: string, toField: string): { from?: InstantBound; to?: InstantBound } {
  const from = instantBound(params[fromField], fromField, 'from');
  const to = instantBound(params[toField], toField, 'to');
  if (from && to && (to.op === '$lt' ? from.value >= to.value : from.value > to.value))
    throw invalid('INVALID_RANGE', fromField, `${fromField} (${String(params[fromField])}) is after ${toField} (${String(params[toField])}): the range is empty; swap them`, {
      from: fromField,
      to: toField,
    });
  return { ...(from && { from }), ...(to && { to }) };
}

/** A filter condition for the read store from the two bounds (either may be missing). */
export function rangeCondition(from?: { op: string; value: string | number }, to?: { op: string; value: string | number }): Record<string, string | number> | undefined {
  if (!from && !to) return undefined;
  return { ...(from && { [from.op]: from.value }), ...(to && { [to.op]: to.value }) };
}
