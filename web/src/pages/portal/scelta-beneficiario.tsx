import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorAlert, Field, Loading, useAsync, useTitle } from '../../components/ui';
import { CATALOG } from './portal';

interface EnteCatalog {
  codIpa: string;
  denominazione: string;
  tipiSpontanei: { codTipo: string; descrizione: string }[];
}

export function SceltaBeneficiario({ paths }: { paths?: Set<string> }) {
  useTitle('Scelta beneficiario');
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setDebounced(q.trim()), 200);
    return () => clearTimeout(t);
  }, [q]);
  const available = paths?.has(CATALOG);
  const list = useAsync(
    (signal) => (available ? api<{ items: EnteCatalog[]; total: number }>(CATALOG, { query: { q: debounced, pageSize: 50 }, signal }) : Promise.resolve(undefined)),
    [debounced, available],
  );
  return (
    <>
      <h1>Scelta beneficiario</h1>
      <p>Cerca l'ente a cui vuoi pagare, poi scegli il servizio.</p>
      {paths && !available && <div class="alert info">L'elenco degli enti non è ancora disponibile su questo server.</div>}
      <form role="search" aria-label="Cerca ente" onSubmit={(e) => e.preventDefault()} class="panel">
        <Field label="Nome dell'ente o codice IPA" hint="ad esempio: comune milano">
          {(id, d) => <input id={id} aria-describedby={d} type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} autoComplete="off" />}
        </Field>
      </form>
      <ErrorAlert error={list.error} />
      {list.loading && <Loading />}
      {list.data && (
        <>
          <p role="status">{list.data.total === 1 ? '1 ente trovato' : `${list.data.total} enti trovati`}</p>
          <ul class="cards" aria-label="Enti">
            {list.data.items.map((e) => (
              <li key={e.codIpa}>
                <a href={`/portale/enti/${encodeURIComponent(e.codIpa)}`}>
                  <strong>{e.denominazione}</strong>
                </a>
                <div class="hint">
                  {e.tipiSpontanei.length === 0 ? 'nessun servizio pagabile online' : e.tipiSpontanei.length === 1 ? '1 servizio pagabile' : `${e.tipiSpontanei.length} servizi pagabili`}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
