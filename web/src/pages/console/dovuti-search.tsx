import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, enteUrl } from '../../api';
import { navigate, useLocation } from '../../router';
import { day, euros, STATI, statoLabel, when } from '../../format';
import { Badge, ErrorAlert, Field, Loading, statoTone, useAsync, useTitle, Pager } from '../../components/ui';

export interface PositionRow {
  iud: string;
  iuv: string;
  numeroAvviso: string;
  payerId: string;
  payer: { anagrafica?: string };
  stato: string;
  tipoDovuto: string;
  dataScadenza?: string;
  causale: string;
  importo: string;
  createdAt: string;
  paidAt?: string;
}
interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

/** Every filter of GET /dovuti, kept in the page address so a search can be shared, bookmarked and gone back to. */
const TEXT_FILTERS = [
  ['iud', 'IUD'],
  ['iuv', 'IUV'],
  ['numeroAvviso', 'Numero avviso'],
  ['codiceFiscale', 'Codice fiscale / P.IVA pagatore'],
  ['anagrafica', 'Anagrafica pagatore (inizio)'],
] as const;
const RANGES = [
  ['scadenza', 'Scadenza', 'date'],
  ['creato', 'Creato', 'date'],
  ['pagato', 'Pagato', 'date'],
  ['importo', 'Importo (€)', 'text'],
] as const;
const SORTABLE: Record<string, string> = { iud: 'IUD', importo: 'Importo', dataScadenza: 'Scadenza', createdAt: 'Creato', paidAt: 'Pagato' };
const FILTER_KEYS = ['iud', 'iuv', 'numeroAvviso', 'codiceFiscale', 'anagrafica', 'stato', 'tipoDovuto', 'scadenzaDa', 'scadenzaA', 'creatoDa', 'creatoA', 'pagatoDa', 'pagatoA', 'importoDa', 'importoA', 'sort', 'page', 'pageSize'];

declare global {
  interface Window {
    /** Read by the browser test and bench:console: fetch start → results painted, and when they were. */
    quadraTimings?: { searchMs?: number; renderedAt?: number; total?: number };
  }
}

export function DovutiSearch({ codIpa }: { codIpa: string }) {
  useTitle('Ricerca dovuti');
  const { search } = useLocation();
  const query = useMemo(() => {
    const q: Record<string, string> = {};
    for (const k of FILTER_KEYS) {
      const v = search.get(k);
      if (v) q[k] = v;
    }
    return q;
  }, [search.toString()]);
  const [draft, setDraft] = useState<Record<string, string>>(query);
  useEffect(() => setDraft(query), [query]);

  const ente = useAsync((signal) => api<{ tipiDovuto: { codTipo: string; descrizione: string }[] }>(enteUrl(codIpa), { signal }), [codIpa]);
  const searchStart = useRef(0);
  const results = useAsync(
    (signal) => {
      searchStart.current = performance.now();
      return api<Page<PositionRow>>(enteUrl(codIpa, '/dovuti'), { query, signal });
    },
    [codIpa, JSON.stringify(query)],
  );
  // Time to results (handy in the console when someone says "it is slow"): effects run once the rows are painted.
  useEffect(() => {
    if (!results.data || results.loading) return;
    const now = performance.now();
    window.quadraTimings = { ...window.quadraTimings, searchMs: now - searchStart.current, renderedAt: now, total: results.data.total };
  }, [results.data, results.loading]);

  const go = (q: Record<string, string>) => {
    const s = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== '' && v !== undefined));
    navigate(`/console${s.toString() ? `?${s}` : ''}`);
  };
  const set = (k: string) => (e: Event) => setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement).value });
  const stati = (draft.stato ?? '').split(',').filter(Boolean);
  const toggleStato = (s: string) => {
    const next = stati.includes(s) ? stati.filter((x) => x !== s) : [...stati, s];
    setDraft({ ...draft, stato: next.join(',') });
  };
  const sort = query.sort ?? '-createdAt';
  const sortBy = (field: string) => go({ ...query, sort: sort === field ? `-${field}` : field, page: '' });
  const ariaSort = (field: string) => (sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : undefined);

  const data = results.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <>
      <h1>Ricerca dovuti</h1>
      <form
        class="panel"
        role="search"
        aria-label="Filtri dei dovuti"
        onSubmit={(e) => {
          e.preventDefault();
          go({ ...draft, page: '' });
        }}
      >
        <div class="grid">
          {TEXT_FILTERS.map(([k, label]) => (
            <Field key={k} label={label}>
              {(id) => <input id={id} name={k} value={draft[k] ?? ''} onInput={set(k)} />}
            </Field>
          ))}
          <Field label="Tipo dovuto">
            {(id) => (
              <select id={id} name="tipoDovuto" value={draft.tipoDovuto ?? ''} onChange={set('tipoDovuto')}>
                <option value="">Tutti</option>
                {ente.data?.tipiDovuto.map((t) => (
                  <option key={t.codTipo} value={t.codTipo}>
                    {t.codTipo} – {t.descrizione}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {RANGES.map(([k, label, type]) => (
            <fieldset key={k}>
              <legend>{label}</legend>
              <div class="grid">
                <Field label="da">{(id) => <input id={id} name={`${k}Da`} type={type as "text"} inputMode={type === 'text' ? 'decimal' : undefined} value={draft[`${k}Da`] ?? ''} onInput={set(`${k}Da`)} />}</Field>
                <Field label="a">{(id) => <input id={id} name={`${k}A`} type={type as "text"} inputMode={type === 'text' ? 'decimal' : undefined} value={draft[`${k}A`] ?? ''} onInput={set(`${k}A`)} />}</Field>
              </div>
            </fieldset>
          ))}
        </div>
        <fieldset style={{ marginTop: '0.75rem' }}>
          <legend>Stato</legend>
          <div class="checks">
            {Object.keys(STATI).map((s) => (
              <label key={s}>
                <input type="checkbox" name="stato" value={s} checked={stati.includes(s)} onChange={() => toggleStato(s)} /> {statoLabel(s)}
              </label>
            ))}
          </div>
        </fieldset>
        <div class="actions">
          <button type="submit">Cerca</button>
          <button type="button" class="secondary" onClick={() => go({})}>
            Azzera filtri
          </button>
          <Field label="Righe per pagina" id="pageSize">
            {(id) => (
              <select id={id} value={query.pageSize ?? '50'} onChange={(e) => go({ ...query, pageSize: e.currentTarget.value, page: '' })}>
                {['20', '50', '100', '200'].map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </form>

      <ErrorAlert error={results.error} />
      <div aria-live="polite" role="status" id="risultati-stato">
        {results.loading ? 'Ricerca in corso…' : data ? `${data.total.toLocaleString('it-IT')} dovuti trovati` : ''}
      </div>
      {results.loading && !data && <Loading />}
      {data && (
        <>
          <div class="table-wrap" role="region" aria-labelledby="risultati-titolo" tabIndex={0}>
            <table aria-busy={results.loading} data-testid="risultati">
              <caption id="risultati-titolo">
                Dovuti – pagina {data.page} di {pages}
              </caption>
              <thead>
                <tr>
                  {(['iud'] as const).map((f) => (
                    <th key={f} aria-sort={ariaSort(f)} scope="col">
                      <button type="button" class="sort" onClick={() => sortBy(f)}>
                        {SORTABLE[f]} {arrow(sort, f)}
                      </button>
                    </th>
                  ))}
                  <th scope="col">Pagatore</th>
                  <th scope="col">Tipo</th>
                  <th scope="col">Causale</th>
                  <th scope="col">Stato</th>
                  {(['importo', 'dataScadenza', 'createdAt', 'paidAt'] as const).map((f) => (
                    <th key={f} aria-sort={ariaSort(f)} scope="col" class={f === 'importo' ? 'num' : undefined}>
                      <button type="button" class="sort" onClick={() => sortBy(f)}>
                        {SORTABLE[f]} {arrow(sort, f)}
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.items.map((p) => (
                  <tr key={p.iud}>
                    <td>
                      <a href={`/console/dovuti/${encodeURIComponent(p.iud)}`}>{p.iud}</a>
                      <div class="hint mono">IUV {p.iuv}</div>
                    </td>
                    <td>
                      {p.payer?.anagrafica ?? '—'}
                      <div class="hint mono">{p.payerId}</div>
                    </td>
                    <td>{p.tipoDovuto}</td>
                    <td>{p.causale}</td>
                    <td>
                      <Badge tone={statoTone(p.stato)}>{statoLabel(p.stato)}</Badge>
                    </td>
                    <td class="num">{euros(p.importo)}</td>
                    <td>{day(p.dataScadenza)}</td>
                    <td>{when(p.createdAt)}</td>
                    <td>{when(p.paidAt)}</td>
                  </tr>
                ))}
                {data.items.length === 0 && (
                  <tr>
                    <td colSpan={9}>Nessun dovuto corrisponde ai filtri.</td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
          <Pager page={data.page} pages={pages} onPage={(n) => go({ ...query, page: String(n) })} />
        </>
      )}
    </>
  );
}

const arrow = (sort: string, f: string) => (sort === f ? '▲' : sort === `-${f}` ? '▼' : '');
