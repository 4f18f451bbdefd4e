import type { ComponentChildren } from 'preact';
import { useEffect, useState, useCallback, useRef } from 'preact/hooks';
import { ApiError } from '../api';

export interface AsyncState<T> {
  data?: T;
  error?: ApiError | Error;
  loading: boolean;
  reload: () => void;
}

/** Loads when deps change; a newer load wins over an older one still in flight. */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load(ctrl.signal).then(
      (data) => !ctrl.signal.aborted && setState({ data, loading: false }),
      (error: Error) => !ctrl.signal.aborted && error.name !== 'AbortError' && setState({ error, loading: false }),
    );
    return () => ctrl.abort();
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export function ErrorAlert({ error }: { error?: Error }) {
  if (!error) return null;
  const e = error as ApiError;
  return (
    <div class="alert error" role="alert">
      <strong>{titleFor(e)}</strong> {e.message}
      {e.errors && e.errors.length > 1 && (
        <ul>
          {e.errors.map((x) => (
            <li key={x.field + x.code}>
              <code>{x.field}</code>: {x.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function titleFor(e: ApiError): string {
  switch (e.status) {
    case 400:
      return 'Dati non validi:';
    case 401:
      return 'Accesso richiesto:';
    case 403:
      return 'Operazione non consentita:';
    case 404:
      return 'Non trovato:';
    case 409:
      return 'Conflitto:';
    case 413:
      return 'File troppo grande:';
    case 429:
      return 'Troppi tentativi:';
    default:
      return 'Errore:';
  }
}

export function Loading({ label = 'Caricamento in corso…' }: { label?: string }) {
  return (
    <p role="status" aria-live="polite">
      {label}
    </p>
  );
}

let seq = 0;
/** A labelled form control; the id ties label and hint to the control for screen readers. */
export function Field({ label, hint, children, id }: { label: string; hint?: string; id?: string; children: (id: string, describedBy?: string) => ComponentChildren }) {
  const ref = useRef(id ?? `f${++seq}`);
  const hintId = hint ? `${ref.current}-hint` : undefined;
  return (
    <div class="field">
      <label for={ref.current}>{label}</label>
      {children(ref.current, hintId)}
      {hint && (
        <span id={hintId} class="hint">
          {hint}
        </span>
      )}
    </div>
  );
}

/** Previous / next over the pages of a result, with where the user is. */
export function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  return (
    <nav class="pager" aria-label="Pagine dei risultati">
      <button type="button" class="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ← Precedente
      </button>
      <span>
        Pagina {page} di {pages}
      </span>
      <button type="button" class="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Successiva →
      </button>
    </nav>
  );
}

export function Badge({ tone, children }: { tone?: 'ok' | 'warn' | 'err'; children: ComponentChildren }) {
  return <span class={`badge${tone ? ` ${tone}` : ''}`}>{children}</span>;
}

export function statoTone(stato: string): 'ok' | 'warn' | 'err' | undefined {
  if (['paid', 'reported', 'cashed', 'reconciled', 'assessed'].includes(stato)) return 'ok';
  if (stato === 'payment_requested' || stato === 'expired') return 'warn';
  if (stato === 'cancelled') return 'err';
  return undefined;
}

/** Sets the document title, so that each page is announced and found in the history by name. */
export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} – Quadra`;
  }, [title]);
}
