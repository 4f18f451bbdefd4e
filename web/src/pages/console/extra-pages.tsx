import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, apiFeatures, ENTE, enteUrl } from '../../api';
import { navigate, useLocation } from '../../router';
import { ErrorAlert, Field, Loading, useAsync, useTitle } from '../../components/ui';

/**
 * Pages over ente-scoped list views that other features publish (Visualizzazione, accertamenti, statistiche).
 * Each names the API paths it can use, first match wins; its menu entry only appears when the server's OpenAPI
 * document has one of them, so a feature that is not deployed is never shown as a broken page. The filters are
 * the query parameters the OpenAPI document declares for that route.
 */
export interface ExtraPage {
  slug: string;
  label: string;
  title: string;
  /** Candidate OpenAPI paths, e.g. "/api/v1/enti/{codIpa}/riconciliazione/anomalie". */
  candidates: string[];
  needs: string;
  group: string;
}

const page = (slug: string, label: string, title: string, group: string, ...rest: string[]): ExtraPage => {
  const candidates = rest.map((r) => `${ENTE}${r}`);
  return { slug, label, title, group, candidates, needs: candidates[0] };
};

export const EXTRA_PAGES: ExtraPage[] = [page('accertamenti', 'Accertamenti', 'Accertamenti', 'Contabilità', '/accertamenti')];

interface OpenApiParam {
  name: string;
  in: string;
  description?: string;
  schema?: { type?: string; format?: string; enum?: string[] };
}

async function queryParams(path: string): Promise<OpenApiParam[]> {
  const doc = await fetch('/docs-json').then((r) => r.json() as Promise<{ paths: Record<string, { get?: { parameters?: OpenApiParam[] } }> }>);
  return (doc.paths[path]?.get?.parameters ?? []).filter((p) => p.in === 'query' && p.name !== 'minPosition' && p.name !== 'waitMs');
}

const cell = (v: unknown): string => {
  if (v === undefined || v === null) return '—';
  if (Array.isArray(v)) return v.map(cell).join(', ');
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${cell(x)}`).join('; ');
  return String(v);
};

export function ApiPage({ page: p, codIpa, available }: { page: ExtraPage; codIpa: string; available: boolean }) {
  useTitle(p.title);
  const { search } = useLocation();
  const [params, setParams] = useState<OpenApiParam[]>();
  useEffect(() => {
    apiFeatures().then((f) => {
      const found = p.candidates.find((c) => f.paths.has(c));
      if (found) queryParams(found).then(setParams);
    });
  }, [p.slug]);
  const query = useMemo(() => Object.fromEntries(search.entries()), [search.toString()]);
  const [draft, setDraft] = useState<Record<string, string>>(query);
  const url = enteUrl(codIpa, p.needs.slice(ENTE.length));
  const data = useAsync((signal) => (available ? api<{ items?: Record<string, unknown>[]; total?: number } | Record<string, unknown>[]>(url, { query, signal }) : Promise.resolve(undefined)), [url, available, JSON.stringify(query)]);

  if (!available)
    return (
      <>
        <h1>{p.title}</h1>
        <div class="alert info">Questa funzione non è ancora disponibile su questo server.</div>
      </>
    );
  const items = Array.isArray(data.data) ? data.data : (data.data?.items ?? []);
  const total = Array.isArray(data.data) ? items.length : data.data?.total;
  const columns = [...new Set(items.slice(0, 20).flatMap((r) => Object.keys(r)))].filter((k) => k !== 'links').slice(0, 12);
  return (
    <>
      <h1>{p.title}</h1>
      {params && params.length > 0 && (
        <form class="panel" role="search" aria-label={`Filtri: ${p.title}`} onSubmit={(e) => { e.preventDefault(); navigate(`/console/${p.slug}?${new URLSearchParams(Object.entries(draft).filter(([, v]) => v))}`); }}>
          <div class="grid">
            {params.map((q) => (
              <Field key={q.name} label={q.name} hint={q.description}>
                {(id, d) =>
                  q.schema?.enum ? (
                    <select id={id} aria-describedby={d} value={draft[q.name] ?? ''} onChange={(e) => setDraft({ ...draft, [q.name]: e.currentTarget.value })}>
                      <option value="">—</option>
                      {q.schema.enum.map((v) => (
                        <option key={v}>{v}</option>
                      ))}
                    </select>
                  ) : (
                    <input id={id} aria-describedby={d} type={(q.schema?.format === 'date' ? 'date' : 'text') as 'text'} value={draft[q.name] ?? ''} onInput={(e) => setDraft({ ...draft, [q.name]: e.currentTarget.value })} />
                  )
                }
              </Field>
            ))}
          </div>
          <div class="actions">
            <button type="submit">Filtra</button>
          </div>
        </form>
      )}
      <ErrorAlert error={data.error} />
      {data.loading && <Loading />}
      <p role="status">{total !== undefined && `${total} righe`}</p>
      {items.length > 0 && (
        <div class="table-wrap" role="region" aria-label={p.title} tabIndex={0}>
          <table>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((r, i) => (
                <tr key={i}>
                  {columns.map((c) => (
                    <td key={c}>{c === 'iud' && typeof r[c] === 'string' ? <a href={`/console/dovuti/${encodeURIComponent(r[c] as string)}`}>{r[c] as string}</a> : cell(r[c])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
