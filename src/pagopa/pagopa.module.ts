import { BeforeApplicationShutdown, Inject, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CONFIG, type QuadraConfig } from '../config/config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.port';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { ReactorRunner } from '../reactors/reactor-runner';
import { CitizenDocumentsService } from './citizen/citizen-documents.service';
import { DocumentsController } from './citizen/documents.controller';
import { ReceiptMailJobHandler } from './citizen/receipt-mail.job';
import { RECEIPT_MAIL_QUEUE, receiptMailReactor, type ReceiptMailJob } from './citizen/receipt-mail.reactor';
import { EnteFiscalIndex } from './connector/ente-fiscal-index';
import { PaForNodeController } from './connector/pa-for-node.controller';
import { PA_FOR_NODE_MAX_BYTES, PaForNodeService } from './connector/pa-for-node.service';
import { PositionFinder } from './connector/position-finder';
import { soapBodyReader } from './connector/raw-body';
import { ReceiptArchive } from './connector/receipt-archive';
import { ReceiptsController } from './connector/receipts.controller';
import { RtImportController } from './rt-import/rt-import.controller';
import { RtImportService } from './rt-import/rt-import.service';
import { UnmatchedReceiptsIndex } from './rt-import/unmatched-receipts.index';

export const PA_FOR_NODE_PATH = '/pagopa/paForNode';

/**
 * The pagoPA Node connector: the paForNode SOAP endpoint, receipts (archive, RT 6.2 import, anomalies), the
 * citizen's documents (avviso and ricevuta PDFs) and the receipt mail reactor.
 */
@Module({
  controllers: [PaForNodeController, ReceiptsController, RtImportController, DocumentsController],
  providers: [PaForNodeService, EnteFiscalIndex, PositionFinder, ReceiptArchive, RtImportService, UnmatchedReceiptsIndex, CitizenDocumentsService, ReceiptMailJobHandler],
  exports: [PaForNodeService, PositionFinder, ReceiptArchive, EnteFiscalIndex, CitizenDocumentsService],
})
export class PagopaModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runners: ReactorRunner[];

  /**
   * Runs while the application is being created, before main.ts registers the body parsers: the SOAP route
   * reads its own body so that no generic parser answers the Node in JSON.
   */
  constructor(
    adapterHost: HttpAdapterHost,
    @Inject(CONFIG) private readonly config: QuadraConfig,
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_STORE) reads: ReadStore,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    private readonly receiptMail: ReceiptMailJobHandler,
  ) {
    const http = adapterHost.httpAdapter;
    if (http?.getType() === 'express') http.getInstance().use(PA_FOR_NODE_PATH, soapBodyReader(PA_FOR_NODE_MAX_BYTES));
    this.runners = [new ReactorRunner(receiptMailReactor, events, reads, jobs)];
  }

  /** Workers (and the all-in-one process) send the mails; an api process only serves requests. */
  onModuleInit() {
    if (this.config.role === 'api') return;
    this.jobs.process<ReceiptMailJob>(RECEIPT_MAIL_QUEUE, (job) => this.receiptMail.run(job));
  }

  async onApplicationBootstrap() {
    if (this.config.role === 'api') return;
    for (const r of this.runners) await r.start();
  }

  async beforeApplicationShutdown() {
    for (const r of this.runners) await r.stop();
  }

  reactorStatus() {
    return this.runners.map((r) => r.status());
  }
}
