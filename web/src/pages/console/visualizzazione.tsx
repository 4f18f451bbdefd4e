import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ENTE, enteUrl } from '../../api';
import { day, euros, when } from '../../format';
import { navigate, useLocation } from '../../router';
import { Badge, ErrorAlert, Field, Loading, useAsync, useTitle, Pager } from '../../components/ui';
import { CLASSIFICATION_LABELS, isPositive, type ClassificationCode } from '../../../../src/reconciliation/domain/classification-codes';

/** MyPivot's Visualizzazione over the reconciliation read model: one page per view, RT | FR | tesoreria side by side. */
export interface ReconView {
  slug: string;
  api: string;
  label: string;
  title: string;
}
export const RECON_VIEWS: ReconView[] = [
  { slug: 'riconciliazione', api: '/riconciliazione', label: 'Riconciliazione', title: 'Riconciliazione' },
  { slug: 'anomalie', api: '/anomalie', label: 'Anomalie', title: 'Anomalie' },
  { slug: 'ricevute', api: '/ricevute', label: 'Ricevute', title: 'Ricevute telematiche' },
  { slug: 'rendicontazione', api: '/rendicontazioni', label: 'Rendicontazione', title: 'Rendicontazione pagoPA' },
  { slug: 'giornale-di-cassa', api: '/tesoreria', label: 'Giornale di cassa', title: 'Giornale di cassa' },
];
export const SEGNALAZIONI_API = '/segnalazioni';
export const reconPath = (v: { api: string }) => `${ENTE}${v.api}`;

// The codes and MyPivot's labels come from the server's one list (pure, no imports), not a copy kept in step by hand.
const CODES: Readonly<Record<string, string>> = CLASSIFICATION_LABELS;
const isAnomaly = (code: string) => !isPositive(code as ClassificationCode);
const STORICO: Record<string, string> = { ReconciliationRowHidden: 'riga nascosta', ReconciliationRowShown: 'riga di nuovo visibile', SegnalazioneAdded: 'segnalazione' };

const MAIN_FILTERS: [string, string][] = [
  ['iuv', 'IUV'],
  ['iud', 'IUD'],
  ['iur', 'IUR'],
  ['iuf', 'ID rendicontazione (IUF)'],
  ['codiceFiscalePagatore', 'CF / P.IVA pagatore'],
  ['anagraficaPagatore', 'Anagrafica pagatore'],
];
const MORE_FILTERS: [string, string][] = [
  ['codiceFiscaleVersante', 'CF / P.IVA versante'],
  ['anagraficaVersante', 'Anagrafica versante'],
  ['attestante', 'Attestante (PSP)'],
  ['ordinante', 'Ordinante'],
  ['idRegolamento', 'ID regolamento'],
  ['tipoDovuto', 'Tipo dovuto'],
  ['conto', 'Conto'],
  ['importoTesoreria', 'Importo tesoreria (€)'],
  ['causale', 'Causale (contiene)'],
];
const DATE_RANGES: [string, string][] = [
  ['dataEsito', 'Data esito'],
  ['dataRegolamento', 'Data regolamento'],
  ['dataContabile', 'Data contabile'],
  ['dataValuta', 'Data valuta'],
];

type Row = Record<string, string | number | boolean | undefined | null> & { rowId?: string; id?: string };

export function VisualizzazionePage({ view, codIpa }: { view: ReconView; codIpa: string }) {
  useTitle(view.title);
  const { search } = useLocation();
  const query = useMemo(() => Object.fromEntries([...search.entries()].filter(([k]) => k !== 'riga')), [search.toString()]);
  const selected = search.get('riga') ?? undefined;
  const [draft, setDraft] = useState<Record<string, string>>(query);
  useEffect(() => setDraft(query), [query]);
  const url = enteUrl(codIpa, view.api);
  const list = useAsync((signal) => api<{ items: Row[]; total: number; page: number; pageSize: number }>(url, { query, signal }), [url, JSON.stringify(query)]);
  const set = (k: string) => (e: Event) => setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement).value });
  const go = (q: Record<string, string>) => navigate(`/console/${view.slug}?${new URLSearchParams(Object.entries(q).filter(([, v]) => v))}`);
  const open = (rowId: string) => go({ ...query, riga: rowId });

  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <>
      <h1>{view.title}</h1>
      <form class="panel" role="search" aria-label={`Filtri: ${view.title}`} onSubmit={(e) => { e.preventDefault(); go({ ...draft, page: '' }); }}>
        <div class="grid">
          <Field label="Classificazione">
            {(id) => (
              <select id={id} name="classificazione" value={draft.classificazione ?? ''} onChange={set('classificazione')}>
                <option value="">Tutte</option>
                {Object.entries(CODES).map(([c, l]) => (
                  <option key={c} value={c}>
                    {c} – {l}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Righe nascoste">
            {(id) => (
              <select id={id} name="nascosti" value={draft.nascosti ?? 'false'} onChange={set('nascosti')}>
                <option value="false">Escludi</option>
                <option value="true">Solo nascoste</option>
                <option value="tutti">Includi</option>
              </select>
            )}
          </Field>
          {MAIN_FILTERS.map(([k, l]) => (
            <Field key={k} label={l}>
              {(id) => <input id={id} name={k} value={draft[k] ?? ''} onInput={set(k)} />}
            </Field>
          ))}
        </div>
        <details style={{ marginTop: '0.75rem' }}>
          <summary>Altri filtri</summary>
          <div class="grid">
            {MORE_FILTERS.map(([k, l]) => (
              <Field key={k} label={l}>
                {(id) => <input id={id} name={k} value={draft[k] ?? ''} onInput={set(k)} />}
              </Field>
            ))}
            {DATE_RANGES.map(([k, l]) => (
              <fieldset key={k}>
                <legend>{l}</legend>
                <div class="grid">
                  <Field label="da">{(id) => <input id={id} type="date" value={draft[`${k}Da`] ?? ''} onInput={set(`${k}Da`)} />}</Field>
                  <Field label="a">{(id) => <input id={id} type="date" value={draft[`${k}A`] ?? ''} onInput={set(`${k}A`)} />}</Field>
                </div>
              </fieldset>
            ))}
          </div>
        </details>
        <div class="actions">
          <button type="submit">Filtra</button>
          <button type="button" class="secondary" onClick={() => go({})}>
            Azzera filtri
          </button>
          <ExportButton codIpa={codIpa} filters={query} />
        </div>
      </form>
      <ErrorAlert error={list.error} />
      <div role="status" aria-live="polite">
        {list.loading ? 'Caricamento…' : data ? `${data.total} righe` : ''}
      </div>
      {selected && <RowDetail codIpa={codIpa} rowId={selected} onChanged={list.reload} onClose={() => go(query)} />}
      {data && data.items.length > 0 && (
        <>
          <div class="table-wrap" role="region" aria-label={`${view.title}: righe`} tabIndex={0}>
            <table data-testid="visualizzazione">
              <thead>
                <tr>
                  <th scope="col">Classificazione</th>
                  <th scope="col">Ricevuta (RT)</th>
                  <th scope="col">Rendicontazione (FR)</th>
                  <th scope="col">Tesoreria</th>
                  <th scope="col">Azioni</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((r) => {
                  const rowId = String(r.rowId ?? r.id);
                  const code = String(r.classificazione ?? '');
                  return (
                    <tr key={`${r.id}`}>
                      <td>
                        {code && <Badge tone={isAnomaly(code) ? 'warn' : 'ok'}>{code}</Badge>}
                        <div class="hint">{CODES[code] ?? ''}</div>
                        {r.hidden && <Badge tone="err">nascosta</Badge>}
                      </td>
                      <td>
                        {r.iuv && <div class="mono">IUV {r.iuv}</div>}
                        {r.iud && (
                          <div>
                            IUD <a href={`/console/dovuti/${encodeURIComponent(String(r.iud))}`}>{r.iud}</a>
                          </div>
                        )}
                        {r.iur && <div class="mono">IUR {r.iur}</div>}
                        {r.importoRt !== undefined && r.importoRt !== null && <div>{euros(String(r.importoRt))} · {day(r.dataEsito as string)}</div>}
                        {r.anagraficaPagatore && <div class="hint">{r.anagraficaPagatore}</div>}
                        {r.attestante && <div class="hint">PSP {r.attestante}</div>}
                      </td>
                      <td>
                        {r.iuf && <div class="mono">{r.iuf}</div>}
                        {r.importoFr !== undefined && r.importoFr !== null && <div>{euros(String(r.importoFr))} · {day(r.dataRegolamento as string)}</div>}
                      </td>
                      <td>
                        {r.importoTesoreria !== undefined && r.importoTesoreria !== null && <div>{euros(String(r.importoTesoreria))} · valuta {day(r.dataValuta as string)}</div>}
                        {r.conto && <div class="hint">conto {r.conto}</div>}
                        {r.causale && <div class="hint mono">{r.causale}</div>}
                      </td>
                      <td>
                        <button type="button" class="link" onClick={() => open(rowId)}>
                          Dettaglio{r.iuv ? ` ${r.iuv}` : ''}
                        </button>
                        {Number(r.segnalazioni ?? 0) > 0 && <div class="hint">{r.segnalazioni} segnalazioni</div>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager page={data.page} pages={pages} onPage={(n) => go({ ...query, page: String(n) })} />
        </>
      )}
    </>
  );
}

function RowDetail({ codIpa, rowId, onChanged, onClose }: { codIpa: string; rowId: string; onChanged: () => void; onClose: () => void }) {
  const base = enteUrl(codIpa, `/riconciliazione/${encodeURIComponent(rowId)}`);
  const [minPosition, setMinPosition] = useState<string>();
  const row = useAsync((signal) => api<Record<string, unknown> & { classificazioni?: { codice: string; descrizione: string; motivo: string }[]; storico?: { type: string; text?: string; author?: string; at: string }[]; hidden?: boolean; spiegazione?: unknown }>(enteUrl(codIpa, `/riconciliazione/righe/${encodeURIComponent(rowId)}`), { signal, query: { minPosition } }), [rowId, minPosition]);
  const [testo, setTesto] = useState('');
  const [error, setError] = useState<Error>();
  const [msg, setMsg] = useState<string>();
  const act = async (path: string, body?: unknown, done?: string) => {
    setError(undefined);
    try {
      const r = await api<{ position: string }>(`${base}${path}`, { method: 'POST', body });
      setMsg(done);
      setMinPosition(r.position);
      onChanged();
    } catch (e) {
      setError(e as Error);
    }
  };
  const r = row.data;
  return (
    <section class="panel" aria-labelledby="dettaglio-riga" data-testid="dettaglio-riga">
      <h2 id="dettaglio-riga" style={{ marginTop: 0 }}>
        Dettaglio della riga
      </h2>
      <ErrorAlert error={row.error ?? error} />
      {msg && (
        <div class="alert ok" role="status">
          {msg}
        </div>
      )}
      {row.loading && !r && <Loading />}
      {r && (
        <>
          <ul>
            {(r.classificazioni ?? []).map((c) => (
              <li key={c.codice}>
                <Badge tone={isAnomaly(c.codice) ? 'warn' : 'ok'}>{c.codice}</Badge> {c.descrizione}: {c.motivo}
              </li>
            ))}
          </ul>
          <div class="actions">
            {r.hidden ? (
              <button type="button" class="secondary" onClick={() => act('/mostra', undefined, 'Riga di nuovo visibile.')}>
                Mostra la riga
              </button>
            ) : (
              <button type="button" class="secondary" onClick={() => act('/nascondi', undefined, 'Riga nascosta.')}>
                Nascondi la riga
              </button>
            )}
            <button type="button" class="link" onClick={onClose}>
              Chiudi il dettaglio
            </button>
          </div>
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              await act('/segnalazioni', { testo }, 'Segnalazione aggiunta.');
              setTesto('');
            }}
          >
            <Field label="Nuova segnalazione" hint="al massimo 2000 caratteri">
              {(id, d) => <textarea id={id} aria-describedby={d} rows={3} maxLength={2000} required value={testo} onInput={(e) => setTesto(e.currentTarget.value)} />}
            </Field>
            <div class="actions">
              <button type="submit">Aggiungi segnalazione</button>
            </div>
          </form>
          {r.storico && r.storico.length > 0 && (
            <>
              <h3>Storico</h3>
              <ol>
                {r.storico.map((s, i) => (
                  <li key={i}>
                    {when(s.at)} – {s.author}: {STORICO[s.type] ?? s.type}
                    {s.text ? ` «${s.text}»` : ''}
                  </li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
    </section>
  );
}

function ExportButton({ codIpa, filters }: { codIpa: string; filters: Record<string, string> }) {
  const [state, setState] = useState<{ id: string; stato: string; download?: string; righe?: number; errore?: string }>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    if (!state || state.stato === 'completato' || state.stato === 'fallito') return;
    const t = setTimeout(async () => setState(await api(enteUrl(codIpa, `/riconciliazione/export/${state.id}`))), 700);
    return () => clearTimeout(t);
  }, [state]);
  const { page: _p, pageSize: _s, ...body } = filters;
  return (
    <>
      <button
        type="button"
        class="secondary"
        onClick={async () => {
          setError(undefined);
          try {
            setState(await api(enteUrl(codIpa, '/riconciliazione/export'), { method: 'POST', body }));
          } catch (e) {
            setError(e as Error);
          }
        }}
      >
        Prenota export
      </button>
      <span role="status" aria-live="polite" data-testid="export-stato">
        {state && state.stato !== 'completato' && `Export ${state.stato.replace('_', ' ')}…`}
        {state?.stato === 'completato' && state.download && (
          <a href={state.download} download>
            Scarica l'export ({state.righe ?? 0} righe)
          </a>
        )}
        {state?.errore && ` ${state.errore}`}
      </span>
      <ErrorAlert error={error} />
    </>
  );
}

export function SegnalazioniPage({ codIpa }: { codIpa: string }) {
  useTitle('Storico segnalazioni');
  const list = useAsync((signal) => api<{ items: Record<string, string>[]; total: number }>(enteUrl(codIpa, SEGNALAZIONI_API), { signal, query: { pageSize: 200 } }), [codIpa]);
  return (
    <>
      <h1>Storico segnalazioni</h1>
      <ErrorAlert error={list.error} />
      {list.loading && <Loading />}
      {list.data && (
        <div class="table-wrap" role="region" aria-label="Segnalazioni" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Quando</th>
                <th scope="col">Autore</th>
                <th scope="col">Classificazione</th>
                <th scope="col">IUV / IUF</th>
                <th scope="col">Testo</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((s) => (
                <tr key={s.id}>
                  <td>{when(s.at)}</td>
                  <td>{s.author}</td>
                  <td>{s.classificazione}</td>
                  <td class="mono">{s.iuv ?? s.iuf ?? '—'}</td>
                  <td>{s.text}</td>
                </tr>
              ))}
              {list.data.items.length === 0 && (
                <tr>
                  <td colSpan={5}>Nessuna segnalazione.</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
