import { useState } from 'preact/hooks';
import { api, ENTE, enteUrl, ApiError } from '../../api';
import { euros, when } from '../../format';
import { Badge, ErrorAlert, Field, Loading, useAsync, useTitle } from '../../components/ui';
import type { Campo } from '../../campi';

interface Tipo {
  codTipo: string;
  descrizione: string;
  iban: string;
  ibanPostale?: string;
  active: boolean;
  spontaneous: boolean;
  importoFisso?: string;
  causaleTemplate?: string;
  tassonomia?: string;
  datiSpecificiRiscossione?: string;
  scadenzaObbligatoria?: boolean;
  campi?: Campo[];
}
interface Ente {
  codIpa: string;
  cfEnte: string;
  denominazione: string;
  segregationCode: string;
  idStazione: string;
  idIntermediario: string;
  email?: string;
  tipiDovuto: Tipo[];
  ibans?: { iban: string; postale: boolean; descrizione?: string }[];
  apiKeys: { keyId: string; label: string; createdAt: string; revokedAt?: string }[];
}

/**
 * The ente's configuration. Every operator of the ente reads it; the API lets the ente's operators with role
 * 'admin' change it with their own session, so the edit forms are shown to them only.
 */
export function EntePage({ codIpa, paths, canEdit }: { codIpa: string; paths?: Set<string>; canEdit: boolean }) {
  useTitle('Configurazione ente');
  const ente = useAsync((signal) => api<Ente>(enteUrl(codIpa), { signal }), [codIpa]);
  const [editing, setEditing] = useState<Tipo | 'new'>();
  const [newKey, setNewKey] = useState<string>();
  const formBuilder = !!paths && paths.has(`${ENTE}/tipi-dovuto/{codTipo}`);

  if (ente.loading && !ente.data) return <Loading />;
  if (ente.error) return <ErrorAlert error={ente.error} />;
  const e = ente.data!;
  return (
    <>
      <h1>Configurazione ente</h1>
      {!canEdit && (
        <div class="alert info" role="note">
          Solo gli operatori con ruolo <strong>amministratore</strong> dell'ente possono modificare la configurazione: qui la puoi consultare.
        </div>
      )}
      <section class="panel" aria-labelledby="anagrafica">
        <h2 id="anagrafica" style={{ marginTop: 0 }}>
          {e.denominazione}
        </h2>
        <dl class="facts">
          <dt>Codice IPA</dt>
          <dd class="mono">{e.codIpa}</dd>
          <dt>Codice fiscale</dt>
          <dd class="mono">{e.cfEnte}</dd>
          <dt>Codice segregazione</dt>
          <dd class="mono">{e.segregationCode}</dd>
          <dt>Stazione / intermediario</dt>
          <dd class="mono">
            {e.idStazione} / {e.idIntermediario}
          </dd>
          {e.email && (
            <>
              <dt>Email</dt>
              <dd>{e.email}</dd>
            </>
          )}
        </dl>
      </section>

      <h2>Tipi dovuto</h2>
      <div class="table-wrap" role="region" aria-label="Tipi dovuto" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Codice</th>
              <th scope="col">Descrizione</th>
              <th scope="col">IBAN</th>
              <th scope="col">Spontaneo</th>
              <th scope="col" class="num">Importo fisso</th>
              <th scope="col">Stato</th>
              {canEdit && <th scope="col">Azioni</th>}
            </tr>
          </thead>
          <tbody>
            {e.tipiDovuto.map((t) => (
              <tr key={t.codTipo}>
                <td class="mono">{t.codTipo}</td>
                <td>{t.descrizione}</td>
                <td class="mono">{t.iban}</td>
                <td>{t.spontaneous ? `sì${t.campi?.length ? ` (${t.campi.length} campi)` : ''}` : 'no'}</td>
                <td class="num">{t.importoFisso ? euros(t.importoFisso) : '—'}</td>
                <td>{t.active ? <Badge tone="ok">attivo</Badge> : <Badge tone="err">disattivato</Badge>}</td>
                {canEdit && (
                  <td>
                    <button type="button" class="link" onClick={() => setEditing(t)} aria-label={`Modifica ${t.codTipo}`}>
                      Modifica
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canEdit && (
        <div class="actions">
          <button type="button" class="secondary" onClick={() => setEditing('new')}>
            Nuovo tipo dovuto
          </button>
        </div>
      )}
      {canEdit && editing && <TipoForm codIpa={codIpa} tipo={editing === 'new' ? undefined : editing} withCampi={formBuilder} onDone={() => { setEditing(undefined); ente.reload(); }} />}

      {paths?.has(`${ENTE}/ibans`) && <Ibans codIpa={codIpa} canEdit={canEdit} />}
      {paths?.has(`${ENTE}/anagrafica/{anno}/capitoli`) && <Capitoli codIpa={codIpa} canEdit={canEdit} />}

      <h2>Chiavi API dei gestionali</h2>
      <div class="table-wrap" role="region" aria-label="Chiavi API" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Etichetta</th>
              <th scope="col">Creata</th>
              <th scope="col">Stato</th>
            </tr>
          </thead>
          <tbody>
            {e.apiKeys.map((k) => (
              <tr key={k.keyId}>
                <td class="mono">{k.keyId}</td>
                <td>{k.label}</td>
                <td>{when(k.createdAt)}</td>
                <td>{k.revokedAt ? <Badge tone="err">revocata il {when(k.revokedAt)}</Badge> : <Badge tone="ok">attiva</Badge>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canEdit && <KeyForm codIpa={codIpa} keys={e.apiKeys} onIssued={(k) => { setNewKey(k); ente.reload(); }} />}
      {newKey && (
        <div class="alert ok" role="status">
          Nuova chiave (viene mostrata solo ora, copiala nel gestionale): <code>{newKey}</code>
        </div>
      )}
    </>
  );
}

function TipoForm({ codIpa, tipo, withCampi, onDone }: { codIpa: string; tipo?: Tipo; withCampi: boolean; onDone: () => void }) {
  const [t, setT] = useState<Tipo>(tipo ?? { codTipo: '', descrizione: '', iban: '', active: true, spontaneous: false });
  const [campi, setCampi] = useState<Campo[]>(tipo?.campi ?? []);
  const [error, setError] = useState<Error>();
  const upd = (patch: Partial<Tipo>) => setT({ ...t, ...patch });
  const updCampo = (i: number, patch: Partial<Campo>) => setCampi(campi.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  const save = async (ev: Event) => {
    ev.preventDefault();
    setError(undefined);
    const body: Record<string, unknown> = {
      descrizione: t.descrizione,
      iban: t.iban,
      active: t.active,
      spontaneous: t.spontaneous,
      ...(t.importoFisso ? { importoFisso: t.importoFisso } : {}),
      ...(t.causaleTemplate ? { causaleTemplate: t.causaleTemplate } : {}),
      ...(t.tassonomia ? { tassonomia: t.tassonomia } : {}),
    };
    if (withCampi && t.spontaneous) body.campi = campi.map((c) => ({ ...c, options: c.type === 'select' ? c.options : undefined }));
    try {
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(t.codTipo)) throw new ApiError(400, 'INVALID_CODTIPO', 'il codice del tipo dovuto può contenere lettere, cifre, ".", "_" e "-"', 'codTipo');
      await api(enteUrl(codIpa, `/tipi-dovuto/${encodeURIComponent(t.codTipo)}`), { method: 'PUT', body });
      onDone();
    } catch (err) {
      setError(err as Error);
    }
  };

  return (
    <form class="panel" onSubmit={save} aria-labelledby="tipo-form-title">
      <h3 id="tipo-form-title">{tipo ? `Modifica ${tipo.codTipo}` : 'Nuovo tipo dovuto'}</h3>
      <div class="grid">
        <Field label="Codice">{(id) => <input id={id} required readOnly={!!tipo} value={t.codTipo} onInput={(e) => upd({ codTipo: e.currentTarget.value })} />}</Field>
        <Field label="Descrizione">{(id) => <input id={id} required value={t.descrizione} onInput={(e) => upd({ descrizione: e.currentTarget.value })} />}</Field>
        <Field label="IBAN di accredito">{(id) => <input id={id} required value={t.iban} onInput={(e) => upd({ iban: e.currentTarget.value })} />}</Field>
        <Field label="Tassonomia pagoPA">{(id) => <input id={id} value={t.tassonomia ?? ''} onInput={(e) => upd({ tassonomia: e.currentTarget.value })} />}</Field>
        <Field label="Importo fisso (€)" hint="vuoto: l'importo lo indica il cittadino">
          {(id, d) => <input id={id} aria-describedby={d} inputMode="decimal" value={t.importoFisso ?? ''} onInput={(e) => upd({ importoFisso: e.currentTarget.value })} />}
        </Field>
        <Field label="Modello della causale" hint="ad esempio: Mensa {alunno} {mese}">
          {(id, d) => <input id={id} aria-describedby={d} value={t.causaleTemplate ?? ''} onInput={(e) => upd({ causaleTemplate: e.currentTarget.value })} />}
        </Field>
      </div>
      <div class="checks" style={{ marginTop: '0.5rem' }}>
        <label>
          <input type="checkbox" checked={t.active} onChange={(e) => upd({ active: e.currentTarget.checked })} /> Attivo
        </label>
        <label>
          <input type="checkbox" checked={t.spontaneous} onChange={(e) => upd({ spontaneous: e.currentTarget.checked })} /> Pagabile spontaneamente dal portale
        </label>
      </div>
      {withCampi && t.spontaneous && (
        <fieldset style={{ marginTop: '0.75rem' }}>
          <legend>Modulo del pagamento spontaneo</legend>
          {campi.map((c, i) => (
            <div key={i} class="grid" style={{ borderBottom: '1px solid var(--line)', paddingBottom: '0.5rem', marginBottom: '0.5rem' }}>
              <Field label={`Campo ${i + 1}: nome`}>{(id) => <input id={id} required value={c.name} onInput={(e) => updCampo(i, { name: e.currentTarget.value })} />}</Field>
              <Field label="Etichetta">{(id) => <input id={id} required value={c.label} onInput={(e) => updCampo(i, { label: e.currentTarget.value })} />}</Field>
              <Field label="Tipo">
                {(id) => (
                  <select id={id} value={c.type} onChange={(e) => updCampo(i, { type: e.currentTarget.value as Campo['type'] })}>
                    <option value="text">testo</option>
                    <option value="number">numero</option>
                    <option value="date">data</option>
                    <option value="email">email</option>
                    <option value="select">scelta da elenco</option>
                  </select>
                )}
              </Field>
              {c.type === 'select' ? (
                <Field label="Valori (separati da virgola)">{(id) => <input id={id} value={(c.options ?? []).join(', ')} onInput={(e) => updCampo(i, { options: e.currentTarget.value.split(',').map((s) => s.trim()).filter(Boolean) })} />}</Field>
              ) : (
                <Field label="Espressione regolare (facoltativa)">{(id) => <input id={id} value={c.pattern ?? ''} onInput={(e) => updCampo(i, { pattern: e.currentTarget.value || undefined })} />}</Field>
              )}
              <div class="checks">
                <label>
                  <input type="checkbox" checked={c.required} onChange={(e) => updCampo(i, { required: e.currentTarget.checked })} /> Obbligatorio
                </label>
                <button type="button" class="link" onClick={() => setCampi(campi.filter((_, j) => j !== i))}>
                  Rimuovi campo {i + 1}
                </button>
              </div>
            </div>
          ))}
          <button type="button" class="secondary" onClick={() => setCampi([...campi, { name: '', label: '', type: 'text', required: false }])}>
            Aggiungi campo
          </button>
        </fieldset>
      )}
      <ErrorAlert error={error} />
      <div class="actions">
        <button type="submit">Salva</button>
        <button type="button" class="secondary" onClick={onDone}>
          Annulla
        </button>
      </div>
    </form>
  );
}

function KeyForm({ codIpa, keys, onIssued }: { codIpa: string; keys: Ente['apiKeys']; onIssued: (key: string) => void }) {
  const [label, setLabel] = useState('');
  const [revoke, setRevoke] = useState('');
  const [error, setError] = useState<Error>();
  return (
    <details class="panel" style={{ marginTop: '0.75rem' }}>
      <summary>Emetti o revoca una chiave</summary>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setError(undefined);
          try {
            if (revoke) {
              await api(enteUrl(codIpa, `/api-keys/${encodeURIComponent(revoke)}`), { method: 'DELETE' });
              onIssued('');
            } else {
              const r = await api<{ key: string }>(enteUrl(codIpa, '/api-keys'), { method: 'POST', body: { label } });
              onIssued(r.key);
            }
          } catch (err) {
            setError(err as Error);
          }
        }}
      >
        <div class="grid">
          <Field label="Etichetta della nuova chiave">{(id) => <input id={id} value={label} onInput={(e) => setLabel(e.currentTarget.value)} />}</Field>
          <Field label="Oppure: chiave da revocare">
            {(id) => (
              <select id={id} value={revoke} onChange={(e) => setRevoke(e.currentTarget.value)}>
                <option value="">—</option>
                {keys.filter((k) => !k.revokedAt).map((k) => (
                  <option key={k.keyId} value={k.keyId}>
                    {k.keyId} – {k.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <ErrorAlert error={error} />
        <div class="actions">
          <button type="submit">{revoke ? 'Revoca la chiave' : 'Emetti la chiave'}</button>
        </div>
      </form>
    </details>
  );
}

function Ibans({ codIpa, canEdit }: { codIpa: string; canEdit: boolean }) {
  const list = useAsync((signal) => api<{ items?: Iban[] } | Iban[]>(enteUrl(codIpa, '/ibans'), { signal }), [codIpa]);
  const [form, setForm] = useState({ iban: '', descrizione: '', postale: false });
  const [error, setError] = useState<Error>();
  const items = Array.isArray(list.data) ? list.data : (list.data?.items ?? []);
  const run = async (f: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await f();
      list.reload();
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <>
      <h2>Conti (IBAN)</h2>
      <ErrorAlert error={list.error} />
      <ul>
        {items.map((i) => (
          <li key={i.iban}>
            <span class="mono">{i.iban}</span> {i.postale && <Badge>postale</Badge>} {i.descrizione}{' '}
            {canEdit && (
              <button type="button" class="link" onClick={() => run(() => api(enteUrl(codIpa, `/ibans/${encodeURIComponent(i.iban)}`), { method: 'DELETE' }))}>
                Rimuovi {i.iban}
              </button>
            )}
          </li>
        ))}
        {items.length === 0 && <li>Nessun conto registrato.</li>}
      </ul>
      <ErrorAlert error={error} />
      {canEdit && <details class="panel">
        <summary>Aggiungi un conto</summary>
        <form onSubmit={(e) => { e.preventDefault(); run(async () => { await api(enteUrl(codIpa, '/ibans'), { method: 'POST', body: { iban: form.iban.replace(/\s/g, ''), postale: form.postale, ...(form.descrizione && { descrizione: form.descrizione }) } }); setForm({ iban: '', descrizione: '', postale: false }); }); }}>
          <div class="grid">
            <Field label="IBAN">{(id) => <input id={id} required value={form.iban} onInput={(e) => setForm({ ...form, iban: e.currentTarget.value })} />}</Field>
            <Field label="Descrizione">{(id) => <input id={id} value={form.descrizione} onInput={(e) => setForm({ ...form, descrizione: e.currentTarget.value })} />}</Field>
          </div>
          <div class="checks">
            <label>
              <input type="checkbox" checked={form.postale} onChange={(e) => setForm({ ...form, postale: e.currentTarget.checked })} /> Conto postale (bollettini)
            </label>
          </div>
          <div class="actions">
            <button type="submit">Aggiungi il conto</button>
          </div>
        </form>
      </details>}
    </>
  );
}

interface Iban {
  iban: string;
  postale: boolean;
  descrizione?: string;
}

function Capitoli({ codIpa, canEdit }: { codIpa: string; canEdit: boolean }) {
  const [anno, setAnno] = useState(String(new Date().getFullYear()));
  const list = useAsync((signal) => api<{ items?: Record<string, string>[] } | Record<string, string>[]>(enteUrl(codIpa, `/anagrafica/${anno}/capitoli`), { signal }), [codIpa, anno]);
  const uffici = useAsync((signal) => api<{ items: { codUfficio: string; denominazione: string; active?: boolean }[] }>(enteUrl(codIpa, `/anagrafica/${anno}/uffici`), { signal }), [codIpa, anno]);
  const items = Array.isArray(list.data) ? list.data : (list.data?.items ?? []);
  const [form, setForm] = useState({ codCapitolo: '', descrizione: '', codUfficio: '', nuovoUfficio: '' });
  const [error, setError] = useState<Error>();
  const attivi = (uffici.data?.items ?? []).filter((u) => u.active !== false);
  const create = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      // A capitolo lives under an ufficio of the same year: create it first when the operator names a new one.
      const codUfficio = form.codUfficio || form.nuovoUfficio.trim();
      if (!codUfficio) throw new ApiError(400, 'UFFICIO_REQUIRED', "scegli l'ufficio del capitolo o indicane uno nuovo", 'codUfficio');
      if (!form.codUfficio) await api(enteUrl(codIpa, `/anagrafica/${anno}/uffici`), { method: 'POST', body: { codUfficio, denominazione: codUfficio } });
      await api(enteUrl(codIpa, `/anagrafica/${anno}/capitoli`), { method: 'POST', body: { codCapitolo: form.codCapitolo.trim(), descrizione: form.descrizione.trim(), codUfficio } });
      setForm({ codCapitolo: '', descrizione: '', codUfficio: '', nuovoUfficio: '' });
      list.reload();
      uffici.reload();
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <>
      <h2>Capitoli di bilancio</h2>
      <Field label="Anno">{(id) => <input id={id} inputMode="numeric" value={anno} onInput={(e) => /^\d{4}$/.test(e.currentTarget.value) && setAnno(e.currentTarget.value)} />}</Field>
      <ErrorAlert error={list.error} />
      <ul>
        {items.map((c) => (
          <li key={c.codCapitolo}>
            <span class="mono">{c.codCapitolo}</span> – {c.descrizione} {c.codUfficio && <span class="hint">(ufficio {c.codUfficio})</span>}
          </li>
        ))}
        {!list.loading && items.length === 0 && <li>Nessun capitolo per il {anno}.</li>}
      </ul>
      {canEdit && (
        <details class="panel">
          <summary>Aggiungi un capitolo al {anno}</summary>
          <form onSubmit={create}>
            <div class="grid">
              <Field label="Codice capitolo">{(id) => <input id={id} required value={form.codCapitolo} onInput={(e) => setForm({ ...form, codCapitolo: e.currentTarget.value })} />}</Field>
              <Field label="Descrizione del capitolo">{(id) => <input id={id} required value={form.descrizione} onInput={(e) => setForm({ ...form, descrizione: e.currentTarget.value })} />}</Field>
              <Field label="Ufficio">
                {(id) => (
                  <select id={id} value={form.codUfficio} onChange={(e) => setForm({ ...form, codUfficio: e.currentTarget.value })}>
                    <option value="">— nuovo ufficio —</option>
                    {attivi.map((u) => (
                      <option key={u.codUfficio} value={u.codUfficio}>
                        {u.codUfficio} – {u.denominazione}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {!form.codUfficio && <Field label="Codice del nuovo ufficio">{(id) => <input id={id} value={form.nuovoUfficio} onInput={(e) => setForm({ ...form, nuovoUfficio: e.currentTarget.value })} />}</Field>}
            </div>
            <ErrorAlert error={error} />
            <div class="actions">
              <button type="submit">Aggiungi il capitolo</button>
            </div>
          </form>
        </details>
      )}
    </>
  );
}
