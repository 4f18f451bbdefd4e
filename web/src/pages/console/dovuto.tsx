import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, ENTE, enteUrl } from '../../api';
import { day, euros, statoLabel, when } from '../../format';
import { Badge, ErrorAlert, Loading, statoTone, useAsync, useTitle } from '../../components/ui';

interface Position {
  iud: string;
  iuv: string;
  numeroAvviso: string;
  payerId: string;
  payer: { anagrafica?: string; email?: string; tipo?: string };
  stato: string;
  tipoDovuto: string;
  dataScadenza?: string;
  causale: string;
  importo: string;
  importoTotale: string;
  createdAt: string;
  paidAt?: string;
  cancelReason?: string;
  receipts: { receiptId: string; outcome: string; amount: string; idPSP: string; paymentDateTime?: string; amountMismatch: boolean }[];
  duplicates: { receiptId: string; amount: string; idPSP: string }[];
  reports: { iuf: string; rowIndex: number; esito: string; amount: string; dataRegolamento: string }[];
  cashings: { movementId: string; amount: string; dataValuta: string }[];
  reconciliationCodes: string[];
  accertamento?: { accertamentoId: string; anno: number };
  revision: number;
}
interface Entry {
  revision: number;
  at: string;
  type: string;
  what: string;
  detail: string;
  warnings: string[];
  actor: string;
  channel?: string;
  refs: { importo?: string; iuv?: string; iur?: string; iuf?: string; movementId?: string; idPSP?: string; accertamentoId?: string };
  eventId: string;
  eventType: string;
  correlationId: string;
}
interface RawEvent {
  revision: string;
  type: string;
  at: string;
  actor: string;
  correlationId: string;
  data: unknown;
}

const ACTOR: [RegExp, string][] = [
  [/^api-key:/, 'gestionale (chiave API)'],
  [/^operator:[^/]+\//, 'operatore '],
  [/^import:/, 'import flusso '],
  [/^node$/, 'nodo pagoPA'],
  [/^admin$/, 'amministratore'],
  [/^system:/, 'sistema '],
  [/^simulator$/, 'simulatore PSP'],
];
const actorLabel = (a: string) => {
  for (const [re, label] of ACTOR) if (re.test(a)) return label.endsWith(' ') ? label + a.replace(re, '') : label;
  return a;
};

export function DovutoPage({ codIpa, iud, paths }: { codIpa: string; iud: string; paths?: Set<string> }) {
  useTitle(`Dovuto ${iud}`);
  const base = enteUrl(codIpa, `/dovuti/${encodeURIComponent(iud)}`);
  const pos = useAsync((signal) => api<Position>(base, { signal }), [base]);
  const hist = useAsync((signal) => api<{ entries: Entry[] }>(`${base}/history`, { signal }), [base]);
  const [raw, setRaw] = useState<RawEvent[]>();
  const has = (p: string) => paths?.has(`${ENTE}/dovuti/{iud}${p}`);

  const loadRaw = async () => {
    if (!raw) setRaw(await api<RawEvent[]>(`${base}/events`));
  };

  return (
    <>
      <p>
        <a href="/console" onClick={(e) => { if (history.length > 1) { e.preventDefault(); history.back(); } }}>
          ← Torna ai risultati
        </a>
      </p>
      <h1>
        Dovuto <span class="mono">{iud}</span>
      </h1>
      <ErrorAlert error={pos.error} />
      {pos.loading && !pos.data && <Loading />}
      {pos.data && <Summary p={pos.data} base={base} has={has} />}

      <h2 id="timeline">Storia del dovuto</h2>
      <p class="hint">Ogni passo della vita del dovuto, dal più vecchio: chi, quando, attraverso quale canale, con le prove (ricevuta, rendicontazione, tesoreria).</p>
      <ErrorAlert error={hist.error} />
      {hist.loading && !hist.data && <Loading label="Caricamento della storia…" />}
      {hist.data && (
        <ol class="timeline" aria-labelledby="timeline" data-testid="timeline">
          {hist.data.entries.map((e) => (
            <li key={e.revision} class={e.warnings.length ? 'warn' : undefined}>
              <div class="head">
                <strong>{e.what}</strong>
                <time dateTime={e.at} class="meta">
                  {when(e.at)}
                </time>
                <span class="meta">
                  {actorLabel(e.actor)}
                  {e.channel ? ` · ${e.channel}` : ''}
                </span>
              </div>
              <p style={{ margin: '0.25rem 0' }}>{e.detail}</p>
              {e.warnings.map((w) => (
                <div key={w} class="alert error" style={{ margin: '0.25rem 0' }}>
                  <strong>Attenzione:</strong> {w}
                </div>
              ))}
              <Refs refs={e.refs} base={base} has={has} paths={paths} />
              <details onToggle={(ev) => (ev.currentTarget as HTMLDetailsElement).open && loadRaw()}>
                <summary>Evento grezzo ({e.eventType})</summary>
                {raw ? (
                  <pre class="raw" tabIndex={0} aria-label={`Evento ${e.eventType} in JSON`}>
                    {JSON.stringify(raw.find((r) => Number(r.revision) === e.revision) ?? { eventId: e.eventId }, null, 2)}
                  </pre>
                ) : (
                  <Loading label="Caricamento dell'evento…" />
                )}
              </details>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function Summary({ p, base, has }: { p: Position; base: string; has: (path: string) => boolean | undefined }) {
  return (
    <section class="panel" aria-labelledby="riepilogo">
      <h2 id="riepilogo" style={{ marginTop: 0 }}>
        Riepilogo <Badge tone={statoTone(p.stato)}>{statoLabel(p.stato)}</Badge>
      </h2>
      <dl class="facts">
        <dt>Importo</dt>
        <dd>{euros(p.importo)}{p.importoTotale !== p.importo && ` (totale ${euros(p.importoTotale)})`}</dd>
        <dt>Causale</dt>
        <dd>{p.causale}</dd>
        <dt>Pagatore</dt>
        <dd>
          {p.payer?.anagrafica ?? '—'} <span class="mono">{p.payerId}</span>
        </dd>
        <dt>Tipo dovuto</dt>
        <dd>{p.tipoDovuto}</dd>
        <dt>Scadenza</dt>
        <dd>{day(p.dataScadenza)}</dd>
        <dt>IUV</dt>
        <dd class="mono">{p.iuv}</dd>
        <dt>Numero avviso</dt>
        <dd class="mono">{p.numeroAvviso}</dd>
        <dt>Creato</dt>
        <dd>{when(p.createdAt)}</dd>
        {p.paidAt && (
          <>
            <dt>Pagato</dt>
            <dd>{when(p.paidAt)}</dd>
          </>
        )}
        {p.cancelReason && (
          <>
            <dt>Motivo annullamento</dt>
            <dd>{p.cancelReason}</dd>
          </>
        )}
        {p.reconciliationCodes.length > 0 && (
          <>
            <dt>Riconciliazione</dt>
            <dd>
              {p.reconciliationCodes.map((c) => (
                <Badge key={c} tone={/NO_|DIV|DOPPI/.test(c) ? 'warn' : 'ok'}>
                  {c}
                </Badge>
              ))}
            </dd>
          </>
        )}
        {p.accertamento && (
          <>
            <dt>Accertamento</dt>
            <dd>
              {p.accertamento.accertamentoId} ({p.accertamento.anno})
            </dd>
          </>
        )}
      </dl>
      <div class="actions">
        {has('/avviso.pdf') && ['open', 'payment_requested', 'expired'].includes(p.stato) && (
          <a class="button secondary" href={`${base}/avviso.pdf`} download>
            Scarica avviso (PDF)
          </a>
        )}
        {has('/ricevuta.pdf') && p.receipts.some((r) => r.outcome === 'OK') && (
          <a class="button secondary" href={`${base}/ricevuta.pdf`} download>
            Scarica ricevuta (PDF)
          </a>
        )}
        {has('/ricevuta.xml') && p.receipts.length > 0 && (
          <a class="button secondary" href={`${base}/ricevuta.xml`} download>
            Ricevuta telematica (XML)
          </a>
        )}
      </div>
      {(p.receipts.length > 0 || p.reports.length > 0 || p.cashings.length > 0) && (
        <div class="grid" style={{ marginTop: '0.75rem' }}>
          {p.receipts.length > 0 && (
            <div>
              <h3>Ricevute (RT)</h3>
              <ul>
                {p.receipts.map((r) => (
                  <li key={r.receiptId}>
                    <span class="mono">IUR {r.receiptId}</span> · {euros(r.amount)} · PSP {r.idPSP} · {r.outcome === 'OK' ? 'positiva' : 'negativa'}
                    {r.amountMismatch && <Badge tone="err">importo diverso</Badge>}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {p.reports.length > 0 && (
            <div>
              <h3>Rendicontazioni (FR)</h3>
              <ul>
                {p.reports.map((r) => (
                  <li key={`${r.iuf}-${r.rowIndex}`}>
                    <span class="mono">IUF {r.iuf}</span> riga {r.rowIndex} · {euros(r.amount)} · esito {r.esito} · regolato il {day(r.dataRegolamento)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {p.cashings.length > 0 && (
            <div>
              <h3>Tesoreria</h3>
              <ul>
                {p.cashings.map((c) => (
                  <li key={c.movementId}>
                    <span class="mono">Movimento {c.movementId}</span> · {euros(c.amount)} · valuta {day(c.dataValuta)}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function Refs({ refs, base, has, paths }: { refs: Entry['refs']; base: string; has: (p: string) => boolean | undefined; paths?: Set<string> }) {
  const items: JSX.Element[] = [];
  if (refs.importo) items.push(<span key="imp">Importo {euros(refs.importo)}</span>);
  if (refs.iur)
    items.push(
      <span key="iur">
        Ricevuta <span class="mono">IUR {refs.iur}</span>
        {has('/ricevuta.xml') && (
          <>
            {' '}
            (<a href={`${base}/ricevuta.xml`}>RT</a>)
          </>
        )}
      </span>,
    );
  if (refs.idPSP) items.push(<span key="psp">PSP {refs.idPSP}</span>);
  if (refs.iuf)
    items.push(
      <span key="iuf">
        Flusso di rendicontazione{' '}
        {paths?.has(`${ENTE}/rendicontazioni`) ? <a href={`/console/rendicontazione?iuf=${encodeURIComponent(refs.iuf)}`} class="mono">{refs.iuf}</a> : <span class="mono">{refs.iuf}</span>}
      </span>,
    );
  if (refs.movementId)
    items.push(
      <span key="mov">
        Movimento di tesoreria{' '}
        <span class="mono">{refs.movementId}</span>
      </span>,
    );
  if (refs.accertamentoId) items.push(<span key="acc">Accertamento {refs.accertamentoId}</span>);
  return items.length ? <div class="refs">{items}</div> : null;
}
