import { useState } from 'preact/hooks';
import { api, ENTE, enteUrl } from '../../api';
import { euros } from '../../format';
import { ErrorAlert, Field, Loading, useAsync, useTitle } from '../../components/ui';
import { CATALOG } from './portal';
import type { Campo } from '../../campi';

interface Tipo {
  codTipo: string;
  descrizione: string;
  importoFisso: string | null;
  campi?: Campo[];
}
interface Created {
  iud: string;
  iuv: string;
  numeroAvviso: string;
  importo: string;
  causale: string;
  links?: { avviso?: string; checkout?: string };
}

export function EntePortal({ codIpa, paths }: { codIpa: string; paths?: Set<string> }) {
  const ente = useAsync((signal) => api<{ codIpa: string; denominazione: string; tipiSpontanei: Tipo[] }>(`${CATALOG}/${encodeURIComponent(codIpa)}`, { signal }), [codIpa]);
  const [tipo, setTipo] = useState<Tipo>();
  useTitle(ente.data ? `Pagamenti – ${ente.data.denominazione}` : 'Pagamenti');
  if (ente.loading && !ente.data) return <Loading />;
  if (ente.error) return <ErrorAlert error={ente.error} />;
  const e = ente.data!;
  return (
    <>
      <p>
        <a href="/">← Scegli un altro ente</a>
      </p>
      <h1>{e.denominazione}</h1>
      {e.tipiSpontanei.length === 0 ? (
        <p>Questo ente non ha servizi pagabili online senza avviso.</p>
      ) : (
        <fieldset class="panel">
          <legend>Scegli cosa pagare</legend>
          <div class="checks" style={{ flexDirection: 'column' }}>
            {e.tipiSpontanei.map((t) => (
              <label key={t.codTipo}>
                <input type="radio" name="tipo" value={t.codTipo} checked={tipo?.codTipo === t.codTipo} onChange={() => setTipo(t)} /> {t.descrizione}
                {t.importoFisso && <span class="hint"> – {euros(t.importoFisso)}</span>}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {tipo && <PaymentForm key={tipo.codTipo} codIpa={codIpa} tipo={tipo} canPay={!!paths?.has(`${ENTE}/pagamenti-spontanei`)} canCheckout={!!paths?.has('/api/v1/portale/checkout')} />}
    </>
  );
}

function PaymentForm({ codIpa, tipo, canPay, canCheckout }: { codIpa: string; tipo: Tipo; canPay: boolean; canCheckout: boolean }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [importo, setImporto] = useState('');
  const [payer, setPayer] = useState({ tipo: 'F', codiceIdentificativo: '', anagrafica: '', email: '' });
  const [error, setError] = useState<Error>();
  const [created, setCreated] = useState<Created>();
  const [busy, setBusy] = useState(false);
  // One key per filled form: a double click or a retry creates one dovuto, not two.
  const [idemKey] = useState(() => `portale-${crypto.randomUUID()}`);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = {
        codTipo: tipo.codTipo,
        campi: values,
        pagatore: { tipo: payer.tipo, codiceIdentificativo: payer.codiceIdentificativo.trim().toUpperCase(), anagrafica: payer.anagrafica.trim(), ...(payer.email.trim() && { email: payer.email.trim() }) },
        ...(tipo.importoFisso ? {} : { importo: importo.replace(',', '.') }),
      };
      setCreated(await api<Created>(enteUrl(codIpa, '/pagamenti-spontanei'), { method: 'POST', body, headers: { 'Idempotency-Key': idemKey } }));
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    const payNow = async () => {
      setError(undefined);
      setBusy(true);
      try {
        const r = await api<{ checkoutUrl: string }>('/api/v1/portale/checkout', { method: 'POST', body: { codIpa, numeroAvviso: created.numeroAvviso } });
        location.assign(r.checkoutUrl);
      } catch (err) {
        setError(err as Error);
        setBusy(false);
      }
    };
    return (
      <section class="panel" aria-labelledby="creato" data-testid="pagamento-creato">
        <h2 id="creato" style={{ marginTop: 0 }}>
          Pagamento pronto
        </h2>
        <dl class="facts">
          <dt>Causale</dt>
          <dd>{created.causale}</dd>
          <dt>Importo</dt>
          <dd>{euros(created.importo)}</dd>
          <dt>Numero avviso</dt>
          <dd class="mono">{created.numeroAvviso}</dd>
          <dt>IUV</dt>
          <dd class="mono">{created.iuv}</dd>
        </dl>
        <p>Puoi pagare subito, oppure più tardi con il numero avviso presso qualsiasi prestatore aderente a pagoPA.</p>
        <ErrorAlert error={error} />
        <div class="actions">
          {canCheckout && (
            <button type="button" onClick={payNow} disabled={busy}>
              {busy ? 'Apertura del pagamento…' : 'Paga ora con pagoPA'}
            </button>
          )}
        </div>
      </section>
    );
  }

  return (
    <form class="panel" onSubmit={submit} aria-labelledby="modulo">
      <h2 id="modulo" style={{ marginTop: 0 }}>
        {tipo.descrizione}
      </h2>
      {!canPay && <div class="alert info">Il pagamento online non è ancora disponibile su questo server.</div>}
      <div class="grid">
        {(tipo.campi ?? []).map((c) => (
          <Field key={c.name} label={`${c.label}${c.required ? ' (obbligatorio)' : ''}`}>
            {(id) =>
              c.type === 'select' ? (
                <select id={id} name={c.name} required={c.required} value={values[c.name] ?? ''} onChange={(e) => setValues({ ...values, [c.name]: e.currentTarget.value })}>
                  <option value="">—</option>
                  {(c.options ?? []).map((o) => (
                    <option key={o}>{o}</option>
                  ))}
                </select>
              ) : (
                <input
                  id={id}
                  name={c.name}
                  type={(c.type === 'number' ? 'text' : c.type) as 'text'}
                  inputMode={c.type === 'number' ? 'decimal' : undefined}
                  required={c.required}
                  pattern={c.pattern}
                  maxLength={c.maxLength}
                  value={values[c.name] ?? ''}
                  onInput={(e) => setValues({ ...values, [c.name]: e.currentTarget.value })}
                />
              )
            }
          </Field>
        ))}
        {!tipo.importoFisso && (
          <Field label="Importo in euro (obbligatorio)" hint="ad esempio 25,50">
            {(id, d) => <input id={id} name="importo" aria-describedby={d} required inputMode="decimal" pattern="\d+([.,]\d{1,2})?" value={importo} onInput={(e) => setImporto(e.currentTarget.value)} />}
          </Field>
        )}
      </div>
      <fieldset style={{ marginTop: '0.75rem' }}>
        <legend>Chi paga</legend>
        <div class="checks">
          <label>
            <input type="radio" name="tipoPagatore" checked={payer.tipo === 'F'} onChange={() => setPayer({ ...payer, tipo: 'F' })} /> Persona fisica
          </label>
          <label>
            <input type="radio" name="tipoPagatore" checked={payer.tipo === 'G'} onChange={() => setPayer({ ...payer, tipo: 'G' })} /> Persona giuridica
          </label>
        </div>
        <div class="grid">
          <Field label={payer.tipo === 'F' ? 'Codice fiscale (obbligatorio)' : 'Partita IVA o codice fiscale (obbligatorio)'}>
            {(id) => <input id={id} name="codiceIdentificativo" required autoComplete="off" value={payer.codiceIdentificativo} onInput={(e) => setPayer({ ...payer, codiceIdentificativo: e.currentTarget.value })} />}
          </Field>
          <Field label={payer.tipo === 'F' ? 'Nome e cognome (obbligatorio)' : 'Ragione sociale (obbligatorio)'}>
            {(id) => <input id={id} name="anagrafica" required autoComplete="name" value={payer.anagrafica} onInput={(e) => setPayer({ ...payer, anagrafica: e.currentTarget.value })} />}
          </Field>
          <Field label="Email" hint="per ricevere l'avviso e la ricevuta">
            {(id, d) => <input id={id} name="email" aria-describedby={d} type="email" autoComplete="email" value={payer.email} onInput={(e) => setPayer({ ...payer, email: e.currentTarget.value })} />}
          </Field>
        </div>
      </fieldset>
      <ErrorAlert error={error} />
      <div class="actions">
        <button type="submit" disabled={busy || !canPay}>
          {busy ? 'Attendere…' : `Procedi al pagamento${tipo.importoFisso ? ` di ${euros(tipo.importoFisso)}` : ''}`}
        </button>
      </div>
    </form>
  );
}
