import { useState } from 'preact/hooks';
import { api } from '../../api';
import { day, euros, when } from '../../format';
import { Badge, ErrorAlert, Field, Loading, useAsync, useTitle } from '../../components/ui';

interface Dovuto {
  codIpa: string;
  enteName?: string;
  iud: string;
  iuv: string;
  numeroAvviso: string;
  causale: string;
  importo: string;
  dataScadenza?: string;
  statoPagatore: string;
  pagabile: boolean;
  ricevuta?: { receiptId: string; importo: string; idPSP: string; pspName?: string; paymentDateTime?: string };
  paidAt?: string;
  links?: { avviso?: string; ricevuta?: string };
}

const STATO_PAGATORE: Record<string, [string, 'ok' | 'warn' | 'err' | undefined]> = {
  da_pagare: ['Da pagare', undefined],
  in_pagamento: ['Pagamento in corso', 'warn'],
  pagato: ['Pagato', 'ok'],
  scaduto: ['Scaduto', 'warn'],
  annullato: ['Annullato', 'err'],
};

export const CITIZEN_API = '/api/v1/cittadino';

export function MieiPagamenti({ cf, onLogin, paths }: { cf: string | null | undefined; onLogin: (cf: string) => void; paths?: Set<string> }) {
  useTitle('I miei pagamenti');
  if (cf === undefined) return <Loading />;
  if (cf === null) return <CitizenLogin onLogin={onLogin} />;
  if (paths && !paths.has(`${CITIZEN_API}/dovuti`)) return <div class="alert info">La consultazione dei pagamenti non è ancora disponibile su questo server.</div>;
  return <Lista cf={cf} />;
}

function Lista({ cf }: { cf: string }) {
  const [stato, setStato] = useState<'da_pagare' | 'pagati' | 'tutti'>('da_pagare');
  const list = useAsync((signal) => api<{ items: Dovuto[]; total: number }>(`${CITIZEN_API}/dovuti`, { query: { stato, pageSize: 100 }, signal }), [cf, stato]);
  return (
    <>
      <h1>I miei pagamenti</h1>
      <div class="checks" role="radiogroup" aria-label="Quali dovuti mostrare">
        {(
          [
            ['da_pagare', 'Da pagare'],
            ['pagati', 'Pagati'],
            ['tutti', 'Tutti'],
          ] as const
        ).map(([v, label]) => (
          <label key={v}>
            <input type="radio" name="stato" checked={stato === v} onChange={() => setStato(v)} /> {label}
          </label>
        ))}
      </div>
      <ErrorAlert error={list.error} />
      {list.loading && <Loading />}
      {list.data && (
        <>
          <p role="status">{list.data.total === 0 ? 'Nessun dovuto.' : `${list.data.total} dovuti`}</p>
          <ul class="cards">
            {list.data.items.map((d) => {
              const [label, tone] = STATO_PAGATORE[d.statoPagatore] ?? [d.statoPagatore, undefined];
              return (
                <li key={`${d.codIpa}/${d.iud}`}>
                  <strong>{d.causale}</strong>
                  <div>
                    {d.enteName ?? d.codIpa} · <Badge tone={tone}>{label}</Badge>
                  </div>
                  <dl class="facts">
                    <dt>Importo</dt>
                    <dd>{euros(d.importo)}</dd>
                    {d.dataScadenza && (
                      <>
                        <dt>Scadenza</dt>
                        <dd>{day(d.dataScadenza)}</dd>
                      </>
                    )}
                    <dt>Numero avviso</dt>
                    <dd class="mono">{d.numeroAvviso}</dd>
                    {d.ricevuta && (
                      <>
                        <dt>Pagato il</dt>
                        <dd>{when(d.ricevuta.paymentDateTime ?? d.paidAt)}</dd>
                        <dt>Prestatore</dt>
                        <dd>{d.ricevuta.pspName ?? d.ricevuta.idPSP}</dd>
                      </>
                    )}
                  </dl>
                  <div class="actions">
                    {d.pagabile && <PayNow codIpa={d.codIpa} numeroAvviso={d.numeroAvviso} />}
                    {d.links?.avviso && d.pagabile && (
                      <a class="button secondary" href={d.links.avviso} download>
                        Avviso (PDF)
                      </a>
                    )}
                    {d.links?.ricevuta && d.ricevuta && (
                      <a class="button secondary" href={d.links.ricevuta} download>
                        Ricevuta (PDF)
                      </a>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </>
  );
}

function CitizenLogin({ onLogin }: { onLogin: (cf: string) => void }) {
  const mode = useAsync((signal) => api<{ mode: 'simulated' | 'oidc' | 'disabled' }>('/api/v1/auth/cittadino/config', { signal }), []);
  const [cf, setCf] = useState('');
  const [error, setError] = useState<Error>();
  if (mode.loading) return <Loading />;
  return (
    <div class="login-box">
      <h1>I miei pagamenti</h1>
      <p>Accedi per vedere cosa devi pagare e le tue ricevute, presso tutti gli enti.</p>
      {mode.data?.mode === 'oidc' && (
        <a class="button" href="/api/v1/auth/cittadino/oidc">
          Entra con SPID o CIE
        </a>
      )}
      {mode.data?.mode === 'disabled' && <div class="alert info">L'accesso dei cittadini non è attivo su questo server.</div>}
      {mode.data?.mode === 'simulated' && (
        <form
          class="panel"
          onSubmit={async (e) => {
            e.preventDefault();
            setError(undefined);
            try {
              const r = await api<{ codiceFiscale: string }>('/api/v1/auth/cittadino/login', { method: 'POST', body: { codiceFiscale: cf.trim() } });
              onLogin(r.codiceFiscale);
            } catch (err) {
              setError(err as Error);
            }
          }}
        >
          <div class="alert info">Ambiente dimostrativo: l'accesso con SPID/CIE è simulato, basta il codice fiscale.</div>
          <Field label="Codice fiscale">
            {(id) => <input id={id} name="codiceFiscale" required autoComplete="off" value={cf} onInput={(e) => setCf(e.currentTarget.value)} />}
          </Field>
          <ErrorAlert error={error} />
          <div class="actions">
            <button type="submit">Accedi</button>
          </div>
        </form>
      )}
    </div>
  );
}

function PayNow({ codIpa, numeroAvviso }: { codIpa: string; numeroAvviso: string }) {
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  return (
    <>
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(undefined);
          try {
            const r = await api<{ checkoutUrl: string }>('/api/v1/portale/checkout', { method: 'POST', body: { codIpa, numeroAvviso } });
            location.assign(r.checkoutUrl);
          } catch (e) {
            setError(e as Error);
            setBusy(false);
          }
        }}
      >
        Paga ora <span class="visually-hidden">l'avviso {numeroAvviso}</span>
      </button>
      <ErrorAlert error={error} />
    </>
  );
}
