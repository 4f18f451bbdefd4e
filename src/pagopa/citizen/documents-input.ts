import type { EnteProfile } from '../../enti/domain/ente.events';
import type { ReceiptReceived } from '../../positions/domain/position.events';
import type { Payer, Position, ReceiptSubject } from '../../positions/domain/position.types';
import { positionTotal } from '../../positions/domain/position.types';
import type { AvvisoPdfInput } from '../documents/avviso-pdf';
import type { SoggettoDocumento } from '../documents/document-parties';
import type { RicevutaPdfInput } from '../documents/ricevuta-pdf';

const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;

function soggetto(s: Payer | ReceiptSubject): SoggettoDocumento {
  return defined({
    anagrafica: s.anagrafica ?? s.codiceIdentificativo,
    codiceIdentificativo: s.codiceIdentificativo,
    tipoIdentificativo: s.tipo === 'F' || s.tipo === 'G' ? s.tipo : undefined,
    indirizzo: s.indirizzo,
    civico: s.civico,
    cap: s.cap,
    localita: s.localita,
    provincia: s.provincia,
    nazione: s.nazione,
    email: s.email,
  }) as SoggettoDocumento;
}

/** The notice of a position, as the ente issues it today. */
export function avvisoInput(p: Position, ente: EnteProfile, tipoDescrizione: string | undefined, generatedAt: string): AvvisoPdfInput {
  return {
    ente: { denominazione: ente.denominazione, cfEnte: ente.cfEnte, codIpa: ente.codIpa },
    payer: soggetto(p.payer),
    causale: p.causale,
    importoCents: positionTotal(p),
    ...(p.dataScadenza && { dataScadenza: p.dataScadenza }),
    numeroAvviso: p.numeroAvviso,
    iuv: p.iuv,
    ...(tipoDescrizione && { tipoDovuto: tipoDescrizione }),
    generatedAt,
  };
}

/**
 * The citizen's receipt from the recorded receipt: the position's causale and the debtor as the receipt names
 * them (falling back to the position's payer). Issued at the payment time, so the same receipt always gives
 * the same PDF bytes.
 */
export function ricevutaInput(r: ReceiptReceived['data'], p: Position, ente: EnteProfile): RicevutaPdfInput {
  const paymentDateTime = r.paymentDateTime ?? r.at;
  return {
    ente: { denominazione: ente.denominazione, cfEnte: ente.cfEnte, codIpa: ente.codIpa },
    payer: soggetto(r.debtor ?? p.payer),
    ...(r.payer && { versante: soggetto(r.payer) }),
    causale: p.causale,
    importoCents: r.amount,
    ...(r.fee !== undefined && { fee: r.fee }),
    receiptId: r.receiptId,
    iuv: p.iuv,
    numeroAvviso: p.numeroAvviso,
    psp: { id: r.idPSP, ...(r.pspName && { name: r.pspName }) },
    paymentDateTime,
    outcome: r.outcome,
    generatedAt: paymentDateTime,
  };
}
