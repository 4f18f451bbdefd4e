import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type QuadraConfig } from '../config/config';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.port';
import { MAILER, type Mailer } from '../mail/mail.port';
import type { CommandContext } from '../kernel/command-context';
import { DomainError, invalid } from '../kernel/errors';
import { sha256 } from '../kernel/ids';
import { centsToEuros, positiveEurosToCents } from '../kernel/money';
import { buildCausale, splitBilancio, validateCampi } from '../enti/domain/tipo-dovuto-form';
import { PositionsService, type PositionResult } from '../positions/positions.service';
import type { CreateDovutoDto } from '../positions/dto/position.dto';
import type { PagamentoSpontaneoDto } from './spontaneous.dto';

export const SPONTANEOUS_MAIL_QUEUE = 'spontaneous-mail';

export interface SpontaneousMailJob {
  codIpa: string;
  cfEnte: string;
  denominazione: string;
  iud: string;
  numeroAvviso: string;
  importo: number;
  causale: string;
  email: string;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 26 Crockford base-32 characters, like a ULID: from the idempotency key (a retry gets the same IUD) or random. */
export function spontaneousIud(codIpa: string, idempotencyKey: string | undefined): string {
  const bytes = idempotencyKey ? Buffer.from(sha256(`${codIpa}\u0000${idempotencyKey}`), 'hex') : randomBytes(26);
  let out = '';
  for (let i = 0; i < 26; i++) out += CROCKFORD[bytes[i]! % 32];
  return `SPONT-${out}`;
}

export const jobIdForMail = (eventId: string) => `spontaneous-mail-${eventId}`;

/**
 * Modalità base: a citizen pays a tipo dovuto flagged spontaneous without a position created beforehand. The form
 * values are checked against the tipo's declared fields, the causale is built from its template, and a dovuto is
 * created like any other; the payer then gets the numero avviso and the payment links by mail.
 */
@Injectable()
export class SpontaneousService {
  constructor(
    private readonly positions: PositionsService,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(CONFIG) private readonly config: QuadraConfig,
  ) {}

  async create(codIpa: string, dto: PagamentoSpontaneoDto, ctx: CommandContext): Promise<PositionResult & { iud: string }> {
    const ente = await this.positions.requireEnte(codIpa);
    const tipo = ente.tipiDovuto.get(dto.codTipo);
    if (!tipo || !tipo.active || !tipo.spontaneous) {
      throw new DomainError('TIPO_DOVUTO_NOT_SPONTANEOUS', `tipo dovuto "${dto.codTipo}" of ente ${codIpa} cannot be paid spontaneously`, 'not_found', 'codTipo');
    }
    const values = validateCampi(tipo.campi ?? [], dto.campi ?? {});
    const causale = tipo.causaleTemplate ? buildCausale(tipo.causaleTemplate, values) : tipo.descrizione;
    let importo: number;
    if (tipo.importoFisso !== undefined) {
      if (dto.importo !== undefined && positiveEurosToCents(dto.importo, 'importo') !== tipo.importoFisso) {
        throw invalid('IMPORTO_FISSO', 'importo', `tipo dovuto "${tipo.codTipo}" has the fixed amount ${centsToEuros(tipo.importoFisso)}: leave importo out`);
      }
      importo = tipo.importoFisso;
    } else {
      if (dto.importo === undefined) throw invalid('IMPORTO_REQUIRED', 'importo', `tipo dovuto "${tipo.codTipo}" has no fixed amount: give importo in euros`);
      importo = positiveEurosToCents(dto.importo, 'importo');
    }
    const iud = spontaneousIud(codIpa, ctx.idempotencyKey);
    const bilancio = tipo.bilancioDefault ? { capitoli: splitBilancio(importo, tipo.bilancioDefault).map((c) => ({ ...c, importo: centsToEuros(c.importo) })) } : undefined;
    const r = await this.positions.create(
      codIpa,
      { iud, tipoDovuto: tipo.codTipo, importo: centsToEuros(importo), causale, pagatore: dto.pagatore, ...(bilancio && { bilancio }) } as CreateDovutoDto,
      ctx,
    );
    const created = r.events.find((e) => e.type === 'PositionCreated');
    const email = dto.pagatore.email;
    if (created && email && r.state.position) {
      const job: SpontaneousMailJob = { codIpa, cfEnte: ente.profile.cfEnte, denominazione: ente.profile.denominazione, iud, numeroAvviso: r.state.position.numeroAvviso, importo, causale, email };
      await this.jobs.enqueue(SPONTANEOUS_MAIL_QUEUE, jobIdForMail(created.id), job, { attempts: 5 });
    }
    return { ...r, iud: r.state.position?.iud ?? iud };
  }

  /** The job: one mail per PositionCreated event (the mail id is the job id, so a redelivery writes nothing new). */
  async sendMail(job: SpontaneousMailJob, jobId: string): Promise<void> {
    const avviso = `${this.config.publicBaseUrl}/api/v1/enti/${job.codIpa}/dovuti/${encodeURIComponent(job.iud)}/avviso.pdf`;
    const checkout = 'https://checkout.pagopa.it/';
    await this.mailer.send({
      id: jobId,
      to: job.email,
      subject: `${job.denominazione}: avviso di pagamento ${job.numeroAvviso}`,
      text: [
        `Gentile utente,`,
        ``,
        `${job.denominazione} ha registrato il pagamento che ha richiesto:`,
        `  causale: ${job.causale}`,
        `  importo: ${centsToEuros(job.importo).replace('.', ',')} EUR`,
        `  numero avviso: ${job.numeroAvviso}`,
        `  codice fiscale ente: ${job.cfEnte}`,
        ``,
        `Avviso di pagamento (PDF): ${avviso}`,
        `Paga online su pagoPA con il numero avviso e il codice fiscale dell'ente: ${checkout}`,
        ``,
        `Puoi pagare anche presso banche, uffici postali, tabaccherie e gli altri prestatori aderenti a pagoPA.`,
      ].join('\n'),
    });
  }
}
