import { useEffect, useState } from 'preact/hooks';
import { api, apiFeatures } from '../../api';
import { match, navigate } from '../../router';
import { SceltaBeneficiario } from './scelta-beneficiario';
import { EntePortal } from './ente-portal';
import { MieiPagamenti } from './miei-pagamenti';
import { Esito } from './esito';

export const CATALOG = '/api/v1/catalogo-enti';

/** The citizens' portal: public pages, plus "I miei pagamenti" behind the citizen login. */
export function Portal({ path }: { path: string }) {
  const [paths, setPaths] = useState<Set<string>>();
  const [cf, setCf] = useState<string | null>();
  useEffect(() => {
    apiFeatures().then((f) => setPaths(f.paths));
    api<{ codiceFiscale: string }>('/api/v1/auth/cittadino/sessione').then((s) => setCf(s.codiceFiscale), () => setCf(null));
  }, []);
  const current = path.startsWith('/portale/pagamenti') ? 'pagamenti' : 'enti';
  let m: Record<string, string> | undefined;
  let body;
  if ((m = match('/portale/enti/:codIpa', path))) body = <EntePortal codIpa={m.codIpa} paths={paths} />;
  else if (path.startsWith('/portale/pagamenti')) body = <MieiPagamenti cf={cf} onLogin={setCf} paths={paths} />;
  else if (path === '/portale/esito') body = <Esito />;
  else if (path === '/' || path === '/portale' || path === '/portale/') body = <SceltaBeneficiario paths={paths} />;
  else
    body = (
      <>
        <h1>Pagina non trovata</h1>
        <p>
          <a href="/">Torna alla scelta del beneficiario</a>
        </p>
      </>
    );
  return (
    <>
      <header class="top">
        <div class="bar">
          <a class="brand" href="/">
            Quadra <small>pagamenti pagoPA</small>
          </a>
          <div class="who">
            {cf && (
              <>
                <span>
                  Accesso come <strong class="mono">{cf}</strong>
                </span>
                <button type="button" class="link" onClick={async () => { await api('/api/v1/auth/cittadino/logout', { method: 'POST' }).catch(() => undefined); setCf(null); navigate('/'); }}>
                  Esci
                </button>
              </>
            )}
          </div>
        </div>
        <nav class="main" aria-label="Sezioni del portale">
          <ul>
            <li>
              <a href="/" aria-current={current === 'enti' ? 'page' : undefined}>
                Paga un servizio
              </a>
            </li>
            <li>
              <a href="/portale/pagamenti" aria-current={current === 'pagamenti' ? 'page' : undefined}>
                I miei pagamenti
              </a>
            </li>
            <li>
              <a href="/console">Area operatori</a>
            </li>
          </ul>
        </nav>
      </header>
      <main id="contenuto" tabIndex={-1}>
        {body}
      </main>
      <footer class="bottom">I pagamenti sono eseguiti tramite pagoPA. Quadra – portale dei pagamenti degli enti.</footer>
    </>
  );
}
