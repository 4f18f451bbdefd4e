import { useEffect, useRef, useState } from 'preact/hooks';
import { api, enteUrl, upload } from '../../api';
import { when } from '../../format';
import { Badge, ErrorAlert, Field, Loading, useAsync, useTitle } from '../../components/ui';
import { ExportPagati } from './export-pagati';

interface Flow {
  id: string;
  fileName?: string;
  stato: string;
  righe?: number;
  righeElaborate?: number;
  accettate?: number;
  scartate?: number;
  progresso: number;
  caricatoIl?: string;
  terminatoIl?: string;
  errore?: string | { message?: string };
  avvisi?: string[];
  links: { self: string; scarti?: string; iuv?: string };
}

const STATO: Record<string, string> = { uploaded: 'Caricato', queued: 'In coda', running: 'In elaborazione', importing: 'In elaborazione', completed: 'Completato', failed: 'Fallito' };
const running = (f: Flow) => f.stato !== 'completed' && f.stato !== 'failed';

export function FlussiPage({ codIpa, withExport }: { codIpa: string; withExport: boolean }) {
  useTitle('Flussi');
  const list = useAsync((signal) => api<{ items: Flow[] }>(enteUrl(codIpa, '/flussi'), { signal }), [codIpa]);
  const [file, setFile] = useState<File>();
  const [progress, setProgress] = useState<number>();
  const [error, setError] = useState<Error>();
  const [done, setDone] = useState<string>();
  const input = useRef<HTMLInputElement>(null);

  // Poll while a flow is being imported; stop as soon as none is.
  const anyRunning = list.data?.items.some(running);
  useEffect(() => {
    if (!anyRunning) return;
    const t = setTimeout(list.reload, 1000);
    return () => clearTimeout(t);
  }, [list.data]);

  const send = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setError(undefined);
    setDone(undefined);
    setProgress(0);
    try {
      const f = await upload<Flow>(enteUrl(codIpa, '/flussi'), file, setProgress);
      setDone(`Flusso ${f.fileName ?? f.id} caricato: l'importazione è in corso.`);
      setFile(undefined);
      if (input.current) input.current.value = '';
      list.reload();
    } catch (err) {
      setError(err as Error);
    } finally {
      setProgress(undefined);
    }
  };

  return (
    <>
      <h1>Flussi</h1>
      <form class="panel" onSubmit={send} aria-labelledby="carica-titolo">
        <h2 id="carica-titolo" style={{ marginTop: 0 }}>
          Carica un flusso
        </h2>
        <Field label="File ZIP del flusso" hint={`Nome nel formato ${codIpa}-<IUF>-<versione>.zip, con il CSV dei dovuti (tracciato MyPay 1_0…1_4).`}>
          {(id, d) => <input id={id} ref={input} aria-describedby={d} type="file" name="file" accept=".zip,application/zip" required onChange={(e) => setFile(e.currentTarget.files?.[0])} />}
        </Field>
        {progress !== undefined && (
          <div class="field">
            <label for="upload-progress">Caricamento: {Math.round(progress * 100)}%</label>
            <progress id="upload-progress" class="progress" max={100} value={Math.round(progress * 100)} />
          </div>
        )}
        <ErrorAlert error={error} />
        {done && (
          <div class="alert ok" role="status">
            {done}
          </div>
        )}
        <div class="actions">
          <button type="submit" disabled={!file || progress !== undefined}>
            Carica
          </button>
        </div>
      </form>

      {withExport && <ExportPagati codIpa={codIpa} />}

      <h2>Flussi caricati</h2>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <div class="table-wrap" role="region" aria-label="Flussi caricati" tabIndex={0}>
          <table data-testid="flussi">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Stato</th>
                <th scope="col" class="num">Righe</th>
                <th scope="col" class="num">Accettate</th>
                <th scope="col" class="num">Scartate</th>
                <th scope="col">Caricato</th>
                <th scope="col">Esiti</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((f) => (
                <tr key={f.id}>
                  <td class="mono">{f.fileName ?? f.id}</td>
                  <td>
                    <Badge tone={f.stato === 'completed' ? 'ok' : f.stato === 'failed' ? 'err' : 'warn'}>{STATO[f.stato] ?? f.stato}</Badge>
                    {running(f) && (
                      <progress class="progress" max={100} value={f.progresso} aria-label={`Avanzamento di ${f.fileName ?? f.id}`} />
                    )}
                    {f.errore && <div class="hint">{typeof f.errore === 'string' ? f.errore : f.errore.message}</div>}
                  </td>
                  <td class="num">{f.righe ?? '—'}</td>
                  <td class="num">{f.accettate ?? '—'}</td>
                  <td class="num">{f.scartate ?? '—'}</td>
                  <td>{when(f.caricatoIl)}</td>
                  <td>
                    {f.links.scarti && (
                      <a href={f.links.scarti} download>
                        Scarti (CSV)
                      </a>
                    )}
                    {f.links.iuv && (
                      <>
                        {' · '}
                        <a href={f.links.iuv} download>
                          IUV generati (CSV)
                        </a>
                      </>
                    )}
                  </td>
                </tr>
              ))}
              {list.data.items.length === 0 && (
                <tr>
                  <td colSpan={7}>Nessun flusso caricato.</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
