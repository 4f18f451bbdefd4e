import { Inject, Injectable, Logger } from '@nestjs/common';
import { centsToEuros } from '../../kernel/money';
import { MAILER, type Mailer } from '../../mail/mail.port';
import { CitizenDocumentsService } from './citizen-documents.service';
import type { ReceiptMailJob } from './receipt-mail.reactor';

/**
 * Sends the citizen the receipt of a payment, with the ricevuta PDF attached. The message id is derived from
 * the ReceiptReceived event, so a retried job or a redelivered event sends nothing twice.
 */
@Injectable()
export class ReceiptMailJobHandler {
  private readonly logger = new Logger('pagopa.receipt-mail');

  constructor(
    private readonly documents: CitizenDocumentsService,
    @Inject(MAILER) private readonly mailer: Mailer,
  ) {}

  async run(job: ReceiptMailJob): Promise<void> {
    const { pdf, receipt, position } = await this.documents.ricevuta(job.codIpa, job.iud, job.receiptId);
    const euro = centsToEuros(receipt.amount).replace('.', ',');
    const who = receipt.payer?.anagrafica ?? receipt.debtor?.anagrafica ?? position.payer.anagrafica;
    const delivery = await this.mailer.send({
      id: `receipt-mail:${job.eventId}`,
      to: job.to,
      subject: `Ricevuta di pagamento pagoPA – avviso ${position.numeroAvviso}`,
      text: [
        `Gentile ${who},`,
        '',
        `il pagamento di € ${euro} per "${position.causale}" è stato ricevuto.`,
        `Codice avviso: ${position.numeroAvviso}`,
        `IUV: ${position.iuv}`,
        `Identificativo della riscossione (IUR): ${receipt.receiptId}`,
        `Prestatore del servizio di pagamento: ${receipt.pspName ?? receipt.idPSP}`,
        '',
        'In allegato la ricevuta in formato PDF.',
      ].join('\n'),
      attachments: [{ filename: `ricevuta-${position.iuv}.pdf`, content: pdf, contentType: 'application/pdf' }],
    });
    this.logger.log({ msg: 'receipt mail', codIpa: job.codIpa, iud: job.iud, receiptId: job.receiptId, duplicate: delivery.duplicate, location: delivery.location });
  }
}
