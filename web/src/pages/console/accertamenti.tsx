import { useState } from 'preact/hooks';
import { api, enteUrl } from '../../api';
import { euros, when } from '../../format';
import { Badge, ErrorAlert, Field, Loading, useAsync, useTitle } from '../../components/ui';

interface Summary {
  id: string;
  codTipoDovuto: string;
  anno: number;
  descrizione: string;
  stato: 'APERTO' | 'CHIUSO' | 'ANNULLATO';
  createdAt: string;
  closedAt?: string;
  numeroPagamenti: number;
  totale: string;
}
interface Detail extends Summary {
  pagamenti: { iud: string; iuv?: string; importo: string; splits: { codUfficio: string; codCapitolo: string; codAccertamento?: string; importo: string }[] }[];
}
interface Available {
  iud: string;
  iuv: string;
  tipoDovuto: string;
  importo: string;
  paidAt?: string;
  reported: boolean;
  cashed: boolean;
  inAccertamentiAperti: string[];
}

const TONE = { APERTO: 'warn', CHIUSO: 'ok', ANNULLATO: 'err' } as const;

/** Accertamenti: create one per tipo dovuto and year, add the paid (reported and cashed) payments, close it. */
export function AccertamentiPage({ codIpa }: { codIpa: string }) {
  useTitle('Accertamenti');
  const list = useAsync((signal) => api<{ items: Summary[]; total: number }>(enteUrl(codIpa, '/accertamenti'), { signal, query: { pageSize: 100 } }), [codIpa]);
  const ente = useAsync((signal) => api<{ tipiDovuto: { codTipo: string; descrizione: string }[] }>(enteUrl(codIpa), { signal }), [codIpa]);
  const [selected, setSelected] = useState<{ id: string; position?: string }>();
  const [form, setForm] = useState({ codTipoDovuto: '', anno: String(new Date().getFullYear()), descrizione: '' });
  const [error, setError] = useState<Error>();

  const create = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      const r = await api<{ id: string; position: string }>(enteUrl(codIpa, '/accertamenti'), { method: 'POST', body: { codTipoDovuto: form.codTipoDovuto, anno: Number(form.anno), descrizione: form.descrizione } });
      setSelected({ id: r.id, position: r.position });
      list.reload();
    } catch (err) {
      setError(err as Error);
    }
  };

  return (
    <>
      <h1>Accertamenti</h1>
      <form class="panel" onSubmit={create} aria-labelledby="nuovo-acc">
        <h2 id="nuovo-acc" style={{ marginTop: 0 }}>
          Nuovo accertamento
        </h2>
        <div class="grid">
          <Field label="Tipo dovuto">
            {(id) => (
              <select id={id} required value={form.codTipoDovuto} onChange={(e) => setForm({ ...form, codTipoDovuto: e.currentTarget.value })}>
                <option value="">—</option>
                {ente.data?.tipiDovuto.map((t) => (
                  <option key={t.codTipo} value={t.codTipo}>
                    {t.codTipo} – {t.descrizione}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Anno di esercizio">{(id) => <input id={id} required inputMode="numeric" pattern="\d{4}" value={form.anno} onInput={(e) => setForm({ ...form, anno: e.currentTarget.value })} />}</Field>
          <Field label="Descrizione">{(id) => <input id={id} required value={form.descrizione} onInput={(e) => setForm({ ...form, descrizione: e.currentTarget.value })} />}</Field>
        </div>
        <ErrorAlert error={error} />
        <div class="actions">
          <button type="submit">Crea accertamento</button>
        </div>
      </form>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <div class="table-wrap" role="region" aria-label="Accertamenti" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Descrizione</th>
                <th scope="col">Tipo</th>
                <th scope="col">Anno</th>
                <th scope="col">Stato</th>
                <th scope="col" class="num">Pagamenti</th>
                <th scope="col" class="num">Totale</th>
                <th scope="col">Creato</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((a) => (
                <tr key={a.id}>
                  <td>
                    <button type="button" class="link" onClick={() => setSelected({ id: a.id })}>
                      {a.descrizione}
                    </button>
                  </td>
                  <td>{a.codTipoDovuto}</td>
                  <td>{a.anno}</td>
                  <td>
                    <Badge tone={TONE[a.stato]}>{a.stato}</Badge>
                  </td>
                  <td class="num">{a.numeroPagamenti}</td>
                  <td class="num">{euros(a.totale)}</td>
                  <td>{when(a.createdAt)}</td>
                </tr>
              ))}
              {list.data.items.length === 0 && (
                <tr>
                  <td colSpan={7}>Nessun accertamento.</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {selected && <AccertamentoDetail key={selected.id} codIpa={codIpa} id={selected.id} position={selected.position} onChanged={list.reload} />}
    </>
  );
}

function AccertamentoDetail({ codIpa, id, position, onChanged }: { codIpa: string; id: string; position?: string; onChanged: () => void }) {
  // Read-your-writes: the detail is a read model; the position of the last command is waited for.
  const [minPosition, setMinPosition] = useState<string | undefined>(position);
  const base = enteUrl(codIpa, `/accertamenti/${encodeURIComponent(id)}`);
  const acc = useAsync((signal) => api<Detail>(base, { signal, query: { minPosition } }), [base, minPosition]);
  const a = acc.data;
  const available = useAsync(
    (signal) => (a && a.stato === 'APERTO' ? api<{ items: Available[] }>(enteUrl(codIpa, '/accertamenti/pagamenti-disponibili'), { signal, query: { anno: a.anno, tipoDovuto: a.codTipoDovuto, pageSize: 100, minPosition } }) : Promise.resolve(undefined)),
    [a?.id, a?.stato, minPosition],
  );
  const [error, setError] = useState<Error>();
  const [capitolo, setCapitolo] = useState('');
  const capitoli = useAsync(
    (signal) => (a ? api<{ items: { codCapitolo: string; descrizione: string; codUfficio: string }[] }>(enteUrl(codIpa, `/anagrafica/${a.anno}/capitoli`), { signal }).catch(() => ({ items: [] })) : Promise.resolve({ items: [] })),
    [a?.anno],
  );
  /** A payment whose dovuto has no bilancio goes wholly to the chosen capitolo (and its ufficio). */
  const splitFor = (p: Available) => {
    const c = capitoli.data?.items.find((x) => x.codCapitolo === capitolo);
    return c ? { splits: [{ codUfficio: c.codUfficio, codCapitolo: c.codCapitolo, importo: p.importo }] } : {};
  };
  const act = async (method: string, path: string, body?: unknown) => {
    setError(undefined);
    try {
      const r = await api<{ position?: string }>(`${base}${path}`, { method, body });
      if (r?.position) setMinPosition(r.position);
      else acc.reload();
      onChanged();
    } catch (err) {
      setError(err as Error);
    }
  };
  if (acc.loading && !a) return <Loading />;
  if (acc.error) return <ErrorAlert error={acc.error} />;
  if (!a) return null;
  return (
    <section class="panel" aria-labelledby="acc-titolo" style={{ marginTop: '1rem' }}>
      <h2 id="acc-titolo" style={{ marginTop: 0 }}>
        {a.descrizione} <Badge tone={TONE[a.stato]}>{a.stato}</Badge>
      </h2>
      <p>
        {a.codTipoDovuto} · anno {a.anno} · {a.numeroPagamenti} pagamenti · {euros(a.totale)}
      </p>
      <ErrorAlert error={error} />
      {a.stato === 'APERTO' && (
        <div class="actions">
          <button type="button" onClick={() => act('POST', '/chiudi')} disabled={a.pagamenti.length === 0}>
            Chiudi l'accertamento
          </button>
          <button type="button" class="secondary" onClick={() => act('POST', '/annulla', { motivo: 'annullato dalla console' })}>
            Annulla l'accertamento
          </button>
        </div>
      )}
      <h3>Pagamenti accertati</h3>
      <ul>
        {a.pagamenti.map((p) => (
          <li key={p.iud}>
            <a href={`/console/dovuti/${encodeURIComponent(p.iud)}`}>{p.iud}</a> · {euros(p.importo)} · {p.splits.map((s) => `${s.codUfficio}/${s.codCapitolo}${s.codAccertamento ? `/${s.codAccertamento}` : ''} ${euros(s.importo)}`).join('; ')}
            {a.stato === 'APERTO' && (
              <>
                {' '}
                <button type="button" class="link" onClick={() => act('DELETE', `/pagamenti/${encodeURIComponent(p.iud)}`)}>
                  Togli {p.iud}
                </button>
              </>
            )}
          </li>
        ))}
        {a.pagamenti.length === 0 && <li>Nessun pagamento.</li>}
      </ul>
      {a.stato === 'APERTO' && (
        <>
          <h3>Pagamenti disponibili (pagati, rendicontati e incassati)</h3>
          <Field label="Capitolo per i pagamenti senza bilancio" hint="i dovuti con un bilancio usano la loro ripartizione">
            {(fid, d) => (
              <select id={fid} aria-describedby={d} value={capitolo} onChange={(e) => setCapitolo(e.currentTarget.value)}>
                <option value="">— ripartizione del dovuto —</option>
                {capitoli.data?.items.map((c) => (
                  <option key={c.codCapitolo} value={c.codCapitolo}>
                    {c.codCapitolo} – {c.descrizione} ({c.codUfficio})
                  </option>
                ))}
              </select>
            )}
          </Field>
          {available.loading && <Loading />}
          <ErrorAlert error={available.error} />
          <ul>
            {available.data?.items.map((p) => (
              <li key={p.iud}>
                <span class="mono">{p.iud}</span> · {euros(p.importo)} · pagato {when(p.paidAt)}{' '}
                <button type="button" class="link" onClick={() => act('POST', '/pagamenti', { iud: p.iud, ...splitFor(p) })}>
                  Aggiungi {p.iud}
                </button>
              </li>
            ))}
            {available.data?.items.length === 0 && <li>Nessun pagamento disponibile per questo tipo e anno.</li>}
          </ul>
        </>
      )}
    </section>
  );
}
