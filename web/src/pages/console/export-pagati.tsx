import { useEffect, useState } from 'preact/hooks';
import { api, enteUrl } from '../../api';
import { ErrorAlert, Field } from '../../components/ui';

interface ExportState {
  id: string;
  stato: string;
  righe?: number;
  links?: { file?: string };
}

/** "Prenota export" of the paid dovuti (MyPay's export): booked as a job, polled until the ZIP can be downloaded. */
export function ExportPagati({ codIpa }: { codIpa: string }) {
  const today = new Date().toISOString().slice(0, 10);
  const [form, setForm] = useState({ from: `${today.slice(0, 7)}-01`, to: today, tipoDovuto: '' });
  const [state, setState] = useState<ExportState>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    if (!state || state.stato === 'COMPLETATO' || state.stato === 'FALLITO') return;
    const t = setTimeout(async () => setState(await api<ExportState>(enteUrl(codIpa, `/export/${encodeURIComponent(state.id)}`)).catch(() => state)), 700);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <form
      class="panel"
      aria-labelledby="export-pagati"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(undefined);
        try {
          setState(await api<ExportState>(enteUrl(codIpa, '/export'), { method: 'POST', body: { from: form.from, to: form.to, ...(form.tipoDovuto && { tipoDovuto: form.tipoDovuto }) } }));
        } catch (err) {
          setError(err as Error);
        }
      }}
    >
      <h2 id="export-pagati" style={{ marginTop: 0 }}>
        Export dei dovuti pagati
      </h2>
      <div class="grid">
        <Field label="Pagati dal">{(id) => <input id={id} type="date" required value={form.from} onInput={(e) => setForm({ ...form, from: e.currentTarget.value })} />}</Field>
        <Field label="Pagati al">{(id) => <input id={id} type="date" required value={form.to} onInput={(e) => setForm({ ...form, to: e.currentTarget.value })} />}</Field>
        <Field label="Tipo dovuto (facoltativo)">{(id) => <input id={id} value={form.tipoDovuto} onInput={(e) => setForm({ ...form, tipoDovuto: e.currentTarget.value })} />}</Field>
      </div>
      <ErrorAlert error={error} />
      <div class="actions">
        <button type="submit">Prenota export</button>
        <span role="status" aria-live="polite" data-testid="export-pagati-stato">
          {state && state.stato !== 'COMPLETATO' && `Export ${(state.stato ?? 'prenotato').toLowerCase().replace('_', ' ')}…`}
          {state?.stato === 'COMPLETATO' && state.links?.file && (
            <a href={state.links.file} download>
              Scarica l'export ({state.righe ?? 0} righe)
            </a>
          )}
        </span>
      </div>
    </form>
  );
}
