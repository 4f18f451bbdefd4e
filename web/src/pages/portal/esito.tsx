import { useLocation } from '../../router';
import { useTitle } from '../../components/ui';

/** Where the checkout sends the citizen back: ?esito=OK|KO&idCarrello=… */
export function Esito() {
  const { search } = useLocation();
  const ok = search.get('esito') === 'OK';
  useTitle(ok ? 'Pagamento eseguito' : 'Pagamento non eseguito');
  return (
    <section aria-labelledby="esito" data-testid="esito">
      <h1 id="esito">{ok ? 'Pagamento eseguito' : 'Pagamento non eseguito'}</h1>
      <div class={`alert ${ok ? 'ok' : 'error'}`} role="status">
        {ok
          ? "Grazie: il pagamento è andato a buon fine. La ricevuta è disponibile in «I miei pagamenti» e, se hai indicato un'email, ti è stata inviata."
          : 'Il pagamento non è stato completato: non ti è stato addebitato nulla. Puoi riprovare quando vuoi.'}
      </div>
      <div class="actions">
        <a class="button" href="/portale/pagamenti">
          Vai a I miei pagamenti
        </a>
        <a class="button secondary" href="/">
          Torna alla scelta dell'ente
        </a>
      </div>
    </section>
  );
}
