import type { ReceiptReceived } from '../../positions/domain/position.events';
import { jobIdFor, type Reactor } from '../../reactors/reactor';
import { receiptEmail } from '../connector/domain/receipt-command';

/** The queue of receipt mails; its own name, so its worker never clashes with other mail senders. */
export const RECEIPT_MAIL_QUEUE = 'receipt-mail';

export interface ReceiptMailJob {
  codIpa: string;
  iud: string;
  receiptId: string;
  /** The ReceiptReceived event: the mail's idempotency key. */
  eventId: string;
  to: string;
}

/** A positive receipt that names an e-mail (payer's, else debtor's) asks for one mail, keyed by the event. */
export const receiptMailReactor: Reactor = {
  name: 'receipt-mail',
  handles: ['ReceiptReceived'],
  jobsFor(event) {
    const d = event.data as ReceiptReceived['data'];
    const to = receiptEmail(d);
    if (d.outcome !== 'OK' || !to) return [];
    const job: ReceiptMailJob = { codIpa: d.codIpa, iud: d.iud, receiptId: d.receiptId, eventId: event.id, to };
    return [{ queue: RECEIPT_MAIL_QUEUE, jobId: jobIdFor('receipt-mail', event), payload: job }];
  },
};
