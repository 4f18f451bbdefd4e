import { useState } from 'preact/hooks';
import { ErrorAlert, Field, useTitle } from '../../components/ui';
import { login, type Operator } from '../../session';

export function LoginPage({ onLogin }: { onLogin: (op: Operator) => void }) {
  useTitle('Accesso operatori');
  const [codIpa, setCodIpa] = useState(() => localStorage.getItem('quadra.codIpa') ?? '');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await login(codIpa.trim(), username.trim(), password);
      localStorage.setItem('quadra.codIpa', codIpa.trim());
      onLogin(r.operator);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <header class="top">
        <div class="bar">
          <a class="brand" href="/">Quadra</a>
        </div>
      </header>
      <main id="contenuto" tabIndex={-1} class="login-box">
        <h1>Accesso operatori</h1>
        <p class="hint">Console dell'ente: ricerca dei dovuti, flussi, riconciliazione.</p>
        <form onSubmit={submit} class="panel" aria-describedby={error ? 'login-error' : undefined}>
          <div id="login-error">
            <ErrorAlert error={error} />
          </div>
          <Field label="Codice IPA dell'ente" hint="ad esempio c_h501">
            {(id, d) => <input id={id} aria-describedby={d} name="codIpa" autoComplete="organization" required value={codIpa} onInput={(e) => setCodIpa(e.currentTarget.value)} />}
          </Field>
          <Field label="Nome utente">
            {(id) => <input id={id} name="username" autoComplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />}
          </Field>
          <Field label="Password">
            {(id) => <input id={id} name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />}
          </Field>
          <div class="actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Accesso in corso…' : 'Accedi'}
            </button>
          </div>
        </form>
        <p>
          Sei un cittadino? <a href="/">Vai al portale dei pagamenti</a>.
        </p>
      </main>
    </>
  );
}
