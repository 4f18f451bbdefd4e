import { useState } from 'preact/hooks';
import { api, enteUrl } from '../../api';
import { when } from '../../format';
import { ErrorAlert, Field, Loading, useAsync, useTitle } from '../../components/ui';
import type { Operator } from '../../session';

interface Account {
  username: string;
  roles: string[];
  createdAt: string;
}

export function OperatoriPage({ codIpa, me }: { codIpa: string; me: Operator }) {
  useTitle('Operatori');
  const list = useAsync((signal) => api<{ items: Account[] }>(enteUrl(codIpa, '/operatori'), { signal }), [codIpa]);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [admin, setAdmin] = useState(false);
  const [error, setError] = useState<Error>();
  const [msg, setMsg] = useState<string>();

  const create = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      await api(enteUrl(codIpa, '/operatori'), { method: 'POST', body: { username, password, roles: admin ? ['admin', 'operatore'] : ['operatore'] } });
      setMsg(`Operatore ${username} creato.`);
      setUsername('');
      setPassword('');
      list.reload();
    } catch (err) {
      setError(err as Error);
    }
  };
  const remove = async (u: string) => {
    if (!confirm(`Rimuovere l'operatore ${u}? Le sue sessioni terminano subito.`)) return;
    try {
      await api(enteUrl(codIpa, `/operatori/${encodeURIComponent(u)}`), { method: 'DELETE' });
      setMsg(`Operatore ${u} rimosso.`);
      list.reload();
    } catch (err) {
      setError(err as Error);
    }
  };

  return (
    <>
      <h1>Operatori dell'ente</h1>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data && <Loading />}
      {msg && (
        <div class="alert ok" role="status">
          {msg}
        </div>
      )}
      {list.data && (
        <div class="table-wrap" role="region" aria-label="Operatori" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Utente</th>
                <th scope="col">Ruoli</th>
                <th scope="col">Creato</th>
                <th scope="col">Azioni</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((o) => (
                <tr key={o.username}>
                  <td>{o.username}</td>
                  <td>{o.roles.join(', ')}</td>
                  <td>{when(o.createdAt)}</td>
                  <td>
                    {o.username !== me.username && (
                      <button type="button" class="link" onClick={() => remove(o.username)}>
                        Rimuovi {o.username}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form class="panel" onSubmit={create} style={{ marginTop: '1rem' }} aria-labelledby="nuovo-op">
        <h2 id="nuovo-op" style={{ marginTop: 0 }}>
          Nuovo operatore
        </h2>
        <div class="grid">
          <Field label="Nome utente" hint="3–64 caratteri: lettere minuscole, cifre, punto, trattino">
            {(id, d) => <input id={id} aria-describedby={d} required autoComplete="off" value={username} onInput={(e) => setUsername(e.currentTarget.value)} />}
          </Field>
          <Field label="Password iniziale" hint="almeno 12 caratteri">
            {(id, d) => <input id={id} aria-describedby={d} type="password" required minLength={12} autoComplete="new-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />}
          </Field>
        </div>
        <div class="checks" style={{ marginTop: '0.5rem' }}>
          <label>
            <input type="checkbox" checked={admin} onChange={(e) => setAdmin(e.currentTarget.checked)} /> Amministratore (gestisce gli operatori)
          </label>
        </div>
        <ErrorAlert error={error} />
        <div class="actions">
          <button type="submit">Crea operatore</button>
        </div>
      </form>
    </>
  );
}
