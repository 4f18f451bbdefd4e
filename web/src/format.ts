const euro = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' });
const dateTime = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateOnly = new Intl.DateTimeFormat('it-IT', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });

/** "147.92" (the API's euro strings) → "147,92 €"; never through floats for arithmetic, only for display. */
export const euros = (v: string | undefined | null): string => (v === undefined || v === null || v === '' ? '—' : euro.format(Number(v)));
export const when = (iso: string | undefined | null): string => (iso ? dateTime.format(new Date(iso)) : '—');
/** pagoPA dates (YYYY-MM-DD) shown as Italian dates, without any time zone shift. */
export const day = (ymd: string | undefined | null): string => (ymd ? dateOnly.format(new Date(`${ymd.slice(0, 10)}T00:00:00Z`)) : '—');

export const STATI: Record<string, string> = {
  open: 'Da pagare',
  payment_requested: 'Pagamento in corso',
  paid: 'Pagato',
  reported: 'Rendicontato',
  cashed: 'Incassato',
  reconciled: 'Riconciliato',
  assessed: 'Accertato',
  cancelled: 'Annullato',
  expired: 'Scaduto',
};
export const statoLabel = (s: string) => STATI[s] ?? s;
