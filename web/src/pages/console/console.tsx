import { useEffect, useState } from 'preact/hooks';
import { apiFeatures, ENTE } from '../../api';
import { match, navigate } from '../../router';
import { currentOperator, logout, type Operator } from '../../session';
import { Loading } from '../../components/ui';
import { LoginPage } from './login';
import { DovutiSearch } from './dovuti-search';
import { DovutoPage } from './dovuto';
import { FlussiPage } from './flussi';
import { EntePage } from './ente';
import { OperatoriPage } from './operatori';
import { ApiPage, EXTRA_PAGES, type ExtraPage } from './extra-pages';
import { StatistichePage } from './statistiche';
import { AccertamentiPage } from './accertamenti';
import { RECON_VIEWS, reconPath, SEGNALAZIONI_API, SegnalazioniPage, VisualizzazionePage } from './visualizzazione';

interface NavItem {
  href: string;
  label: string;
  /** The OpenAPI path the page needs; absent = always there. */
  needs?: string;
  adminOnly?: boolean;
}

const NAV: NavItem[] = [
  { href: '/console', label: 'Dovuti' },
  { href: '/console/flussi', label: 'Flussi', needs: `${ENTE}/flussi` },
  ...RECON_VIEWS.map((v) => ({ href: `/console/${v.slug}`, label: v.label, needs: reconPath(v) })),
  { href: '/console/segnalazioni', label: 'Segnalazioni', needs: `${ENTE}${SEGNALAZIONI_API}` },
  ...EXTRA_PAGES.map((p: ExtraPage) => ({ href: `/console/${p.slug}`, label: p.label, needs: p.needs })),
  { href: '/console/statistiche', label: 'Statistiche', needs: `${ENTE}/statistiche/{dimensione}` },
  { href: '/console/ente', label: 'Ente' },
  { href: '/console/operatori', label: 'Operatori', needs: `${ENTE}/operatori`, adminOnly: true },
];

export function Console({ path }: { path: string }) {
  const [op, setOp] = useState<Operator | null | undefined>(undefined);
  const [paths, setPaths] = useState<Set<string>>();

  useEffect(() => {
    currentOperator().then((s) => setOp(s.operator), () => setOp(null));
    const out = () => setOp(null);
    window.addEventListener('quadra:unauthorized', out);
    return () => window.removeEventListener('quadra:unauthorized', out);
  }, []);
  // The OpenAPI document is big and built on its first request: the login form does not wait for it.
  const signedIn = !!op;
  useEffect(() => {
    if (signedIn) apiFeatures().then((f) => setPaths(f.paths));
  }, [signedIn]);

  if (op === undefined) return <main id="contenuto" tabIndex={-1}><Loading /></main>;
  if (op === null) return <LoginPage onLogin={(o) => setOp(o)} />;

  const items = NAV.filter((n) => (!n.needs || paths?.has(n.needs)) && (!n.adminOnly || op.roles.includes('admin')));
  const current = items.slice().sort((a, b) => b.href.length - a.href.length).find((n) => path === n.href || path.startsWith(`${n.href}/`));

  return (
    <>
      <header class="top">
        <div class="bar">
          <a class="brand" href="/console">Quadra <span class="visually-hidden">–</span> <small>console operatore</small></a>
          <div class="who">
            <span>
              Ente <strong>{op.codIpa}</strong> · {op.username}
            </span>
            <button type="button" class="link" onClick={async () => { await logout().catch(() => undefined); setOp(null); navigate('/console'); }}>
              Esci
            </button>
          </div>
        </div>
        <nav class="main" aria-label="Sezioni della console">
          <ul>
            {items.map((n) => (
              <li key={n.href}>
                <a href={n.href} aria-current={current === n ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="contenuto" tabIndex={-1}>
        <Route path={path} op={op} paths={paths} />
      </main>
      <footer class="bottom">Quadra – hub pagamenti pagoPA e riconciliazione · <a href="/docs">API (OpenAPI)</a></footer>
    </>
  );
}

function Route({ path, op, paths }: { path: string; op: Operator; paths?: Set<string> }) {
  const codIpa = op.codIpa;
  let m: Record<string, string> | undefined;
  if (path === '/console' || path === '/console/') return <DovutiSearch codIpa={codIpa} />;
  if ((m = match('/console/dovuti/:iud', path))) return <DovutoPage codIpa={codIpa} iud={m.iud} paths={paths} />;
  if (path === '/console/flussi') return paths?.has(`${ENTE}/flussi`) ? <FlussiPage codIpa={codIpa} withExport={!!paths?.has(`${ENTE}/export`)} /> : <Unavailable />;
  if (path === '/console/statistiche') return paths?.has(`${ENTE}/statistiche/{dimensione}`) ? <StatistichePage codIpa={codIpa} /> : <Unavailable />;
  if (path === '/console/ente') return <EntePage codIpa={codIpa} paths={paths} canEdit={op.roles.includes('admin')} />;
  if (path === '/console/operatori') return <OperatoriPage codIpa={codIpa} me={op} />;
  const view = RECON_VIEWS.find((v) => path === `/console/${v.slug}`);
  if (view) return <VisualizzazionePage view={view} codIpa={codIpa} />;
  if (path === '/console/segnalazioni') return <SegnalazioniPage codIpa={codIpa} />;
  if (path === '/console/accertamenti') return paths?.has(`${ENTE}/accertamenti`) ? <AccertamentiPage codIpa={codIpa} /> : <Unavailable />;
  const extra = EXTRA_PAGES.find((p) => path === `/console/${p.slug}`);
  if (extra) return <ApiPage page={extra} codIpa={codIpa} available={!!paths?.has(extra.needs)} />;
  return (
    <>
      <h1>Pagina non trovata</h1>
      <p>
        Questa pagina della console non esiste. <a href="/console">Torna alla ricerca dei dovuti</a>.
      </p>
    </>
  );
}

function Unavailable() {
  return <div class="alert info">Questa funzione non è ancora disponibile su questo server.</div>;
}
