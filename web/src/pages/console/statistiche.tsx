import { useState } from 'preact/hooks';
import { api, enteUrl } from '../../api';
import { euros } from '../../format';
import { ErrorAlert, Field, Loading, useAsync, useTitle } from '../../components/ui';

interface Measure {
  amount: string;
  count: number;
}
interface Row {
  period: string;
  dimensionValue: string;
  paid: Measure;
  reported: Measure;
  cashed: Measure;
}

const DIMENSIONI: Record<string, string> = { totali: 'Totali', 'tipi-dovuto': 'Per tipo dovuto', uffici: 'Per ufficio', capitoli: 'Per capitolo', accertamenti: 'Per accertamento' };
const SERIES = [
  { key: 'paid', label: 'Pagato', color: '#00478f' },
  { key: 'reported', label: 'Rendicontato', color: '#b34700' },
  { key: 'cashed', label: 'Incassato', color: '#0b6b2e' },
] as const;

export function StatistichePage({ codIpa }: { codIpa: string }) {
  useTitle('Statistiche');
  const today = new Date().toISOString().slice(0, 10);
  const [q, setQ] = useState({ dimensione: 'totali', granularita: 'mese', da: `${today.slice(0, 4)}-01-01`, a: today });
  const [draft, setDraft] = useState(q);
  const [csvError, setCsvError] = useState<Error>();
  const { dimensione, ...query } = q;
  const url = enteUrl(codIpa, `/statistiche/${dimensione}`);
  const data = useAsync((signal) => api<{ items: Row[] }>(url, { query, signal }), [url, JSON.stringify(query)]);

  const downloadCsv = async () => {
    setCsvError(undefined);
    try {
      const res = await fetch(`${url}?${new URLSearchParams(query)}`, { headers: { Accept: 'text/csv' }, credentials: 'same-origin' });
      if (!res.ok) throw new Error(`il server ha risposto ${res.status}`);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(await res.blob());
      a.download = `statistiche-${codIpa}-${dimensione}-${q.da}-${q.a}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (e) {
      setCsvError(e as Error);
    }
  };

  const rows = data.data?.items ?? [];
  return (
    <>
      <h1>Statistiche</h1>
      <form class="panel" onSubmit={(e) => { e.preventDefault(); setQ(draft); }} aria-label="Parametri delle statistiche">
        <div class="grid">
          <Field label="Vista">
            {(id) => (
              <select id={id} value={draft.dimensione} onChange={(e) => setDraft({ ...draft, dimensione: e.currentTarget.value })}>
                {Object.entries(DIMENSIONI).map(([k, l]) => (
                  <option key={k} value={k}>
                    {l}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Periodo">
            {(id) => (
              <select id={id} value={draft.granularita} onChange={(e) => setDraft({ ...draft, granularita: e.currentTarget.value })}>
                <option value="giorno">giorno</option>
                <option value="mese">mese</option>
                <option value="anno">anno</option>
              </select>
            )}
          </Field>
          <Field label="Dal">{(id) => <input id={id} type="date" required value={draft.da} onInput={(e) => setDraft({ ...draft, da: e.currentTarget.value })} />}</Field>
          <Field label="Al">{(id) => <input id={id} type="date" required value={draft.a} onInput={(e) => setDraft({ ...draft, a: e.currentTarget.value })} />}</Field>
        </div>
        <div class="actions">
          <button type="submit">Aggiorna</button>
          <button type="button" class="secondary" onClick={downloadCsv}>
            Scarica CSV
          </button>
        </div>
        <ErrorAlert error={csvError} />
      </form>
      <ErrorAlert error={data.error} />
      {data.loading && <Loading />}
      {data.data && (dimensione === 'totali' ? <TimeSeries rows={rows} /> : <Breakdown rows={rows} />)}
      {data.data && <StatsTable rows={rows} withDimension={dimensione !== 'totali'} />}
    </>
  );
}

/** Paid / reported / cashed per period, as lines; the table below carries the same numbers for screen readers. */
function TimeSeries({ rows }: { rows: Row[] }) {
  if (rows.length === 0) return <p>Nessun movimento nel periodo.</p>;
  const W = 720;
  const H = 260;
  const pad = { l: 70, r: 10, t: 10, b: 40 };
  const max = Math.max(1, ...rows.flatMap((r) => SERIES.map((s) => Number(r[s.key].amount))));
  const x = (i: number) => pad.l + (rows.length === 1 ? (W - pad.l - pad.r) / 2 : (i * (W - pad.l - pad.r)) / (rows.length - 1));
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const every = Math.ceil(rows.length / 12);
  return (
    <figure class="chart panel">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Andamento di pagato, rendicontato e incassato in ${rows.length} periodi; i valori sono nella tabella seguente`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.l} x2={W - pad.r} y1={y(t)} y2={y(t)} stroke="#d0d5dc" />
            <text x={pad.l - 6} y={y(t) + 4} text-anchor="end" font-size="11" fill="#4a4a4a">
              {Math.round(t).toLocaleString('it-IT')} €
            </text>
          </g>
        ))}
        {rows.map((r, i) =>
          i % every === 0 ? (
            <text key={r.period} x={x(i)} y={H - pad.b + 16} text-anchor="middle" font-size="11" fill="#4a4a4a">
              {r.period}
            </text>
          ) : null,
        )}
        {SERIES.map((s) => (
          <polyline key={s.key} fill="none" stroke={s.color} stroke-width="2.5" points={rows.map((r, i) => `${x(i)},${y(Number(r[s.key].amount))}`).join(' ')} />
        ))}
      </svg>
      <figcaption class="checks">
        {SERIES.map((s) => (
          <span key={s.key}>
            <svg width="14" height="14" aria-hidden="true">
              <rect width="14" height="14" fill={s.color} />
            </svg>{' '}
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** The paid amount of the whole range per tipo / ufficio / capitolo / accertamento, as horizontal bars. */
function Breakdown({ rows }: { rows: Row[] }) {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.dimensionValue || '—', (totals.get(r.dimensionValue || '—') ?? 0) + Math.round(Number(r.paid.amount) * 100));
  const bars = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 20);
  if (bars.length === 0) return <p>Nessun movimento nel periodo.</p>;
  const max = Math.max(1, ...bars.map(([, v]) => v));
  const W = 720;
  const rowH = 26;
  return (
    <figure class="chart panel">
      <svg viewBox={`0 0 ${W} ${bars.length * rowH + 10}`} role="img" aria-label="Importo pagato nel periodo per voce; i valori sono nella tabella seguente">
        {bars.map(([k, v], i) => (
          <g key={k}>
            <text x={150} y={i * rowH + 18} text-anchor="end" font-size="12" fill="#1a1a1a">
              {k.length > 22 ? `${k.slice(0, 21)}…` : k}
            </text>
            <rect x={158} y={i * rowH + 5} height={rowH - 8} width={Math.max(1, ((W - 260) * v) / max)} fill="#00478f" />
            <text x={164 + ((W - 260) * v) / max} y={i * rowH + 18} font-size="12" fill="#1a1a1a">
              {euros((v / 100).toFixed(2))}
            </text>
          </g>
        ))}
      </svg>
      <figcaption class="hint">Importo pagato nel periodo (prime 20 voci)</figcaption>
    </figure>
  );
}

function StatsTable({ rows, withDimension }: { rows: Row[]; withDimension: boolean }) {
  return (
    <div class="table-wrap" role="region" aria-label="Statistiche in tabella" tabIndex={0}>
      <table data-testid="statistiche">
        <thead>
          <tr>
            <th scope="col">Periodo</th>
            {withDimension && <th scope="col">Voce</th>}
            {SERIES.map((s) => (
              <th key={s.key} scope="col" class="num">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.period}|${r.dimensionValue}`}>
              <td>{r.period}</td>
              {withDimension && <td>{r.dimensionValue || '—'}</td>}
              {SERIES.map((s) => (
                <td key={s.key} class="num">
                  {euros(r[s.key].amount)} <span class="hint">({r[s.key].count})</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
