import { centsToEuros } from '../kernel/money';
import type { CarrelloItem } from '../carrelli/domain/carrello.events';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const euro = (cents: number): string => `€ ${centsToEuros(cents).replace('.', ',')}`;

/** The simulated pagoPA checkout: Italian, one form, works without JavaScript and with a screen reader. */
export function checkoutPage(input: { id: string; items: readonly CarrelloItem[]; total: number; actionBase: string; outcome?: 'OK' | 'KO' }): string {
  const rows = input.items
    .map((i) => `<tr><td>${esc(i.causale)}</td><td>${esc(i.numeroAvviso)}</td><td>${esc(i.codIpa)}</td><td class="importo">${euro(i.importo)}</td></tr>`)
    .join('\n');
  const closed = input.outcome
    ? `<p role="status">Questo carrello è già stato ${input.outcome === 'OK' ? 'pagato' : 'annullato'}.</p>`
    : `<form method="post" action="${esc(input.actionBase)}/pay"><button type="submit">Paga ${euro(input.total)}</button></form>
<form method="post" action="${esc(input.actionBase)}/cancel"><button type="submit">Annulla</button></form>`;
  return `<!DOCTYPE html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pagamento pagoPA (simulatore) – carrello ${esc(input.id)}</title>
<style>body{font-family:sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccc;padding:.5rem;text-align:left}.importo{text-align:right}button{font-size:1.1rem;padding:.6rem 1.2rem;margin:.5rem .5rem 0 0}form{display:inline}</style>
</head>
<body>
<main>
<h1>Riepilogo del pagamento</h1>
<p>Simulatore del nodo pagoPA: nessun addebito reale.</p>
<table>
<caption>Avvisi nel carrello ${esc(input.id)}</caption>
<thead><tr><th scope="col">Causale</th><th scope="col">Numero avviso</th><th scope="col">Ente</th><th scope="col" class="importo">Importo</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th scope="row" colspan="3">Totale</th><td class="importo">${euro(input.total)}</td></tr></tfoot>
</table>
${closed}
</main>
</body>
</html>
`;
}
