import { BeforeApplicationShutdown, Inject, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Request, Response } from 'express';
import { correlationMiddleware } from '../http/correlation.middleware';
import { CONFIG, type QuadraConfig } from '../config/config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.port';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { ReactorRunner } from '../reactors/reactor-runner';
import { withBatchedSubscriptions } from './citizen/batched-log';
import { AvvisiZipController } from './citizen/avvisi-zip.controller';
import { AVVISI_ZIP_QUEUE, avvisiZipReactor, type AvvisiZipJob } from './citizen/avvisi-zip.reactor';
import { AvvisiZipJobHandler } from './citizen/avvisi-zip.job';
import { AvvisiZipService } from './citizen/avvisi-zip.service';
import { CitizenArchiveController } from './citizen/citizen-archive.controller';
import { CitizenArchiveGuard } from './citizen/citizen-archive.guard';
import { FlowsModule } from '../flows/flows.module';
import { CitizenDocumentsService } from './citizen/citizen-documents.service';
import { DocumentsController } from './citizen/documents.controller';
import { ReceiptMailJobHandler } from './citizen/receipt-mail.job';
import { RECEIPT_MAIL_QUEUE, receiptMailReactor, type ReceiptMailJob } from './citizen/receipt-mail.reactor';
import { EnteFiscalIndex } from './connector/ente-fiscal-index';
import { answerPaForNode, PaForNodeController } from './connector/pa-for-node.controller';
import { PA_FOR_NODE_MAX_BYTES, PaForNodeService } from './connector/pa-for-node.service';
import { PositionFinder } from './connector/position-finder';
import { soapBodyReader } from './connector/raw-body';
import { ReceiptArchive } from './connector/receipt-archive';
import { ReceiptsController } from './connector/receipts.controller';
import { RtImportController } from './rt-import/rt-import.controller';
import { RtImportService } from './rt-import/rt-import.service';
import { UnmatchedReceiptsIndex } from './rt-import/unmatched-receipts.index';

export const PA_FOR_NODE_PATH = '/pagopa/paForNode';

/** Batches of 200 events: a batch holds the event loop for a few milliseconds at most, not the tens a larger one did. */
const FOLLOWER_LOG = { intervalMs: 200, batchSize: 200 };

/**
 * The pagoPA Node connector: the paForNode SOAP endpoint, receipts (archive, RT 6.2 import, anomalies), the
 * citizen's documents (avviso and ricevuta PDFs) and the receipt mail reactor.
 */
@Module({
  imports: [FlowsModule],
  controllers: [PaForNodeController, ReceiptsController, RtImportController, DocumentsController, AvvisiZipController, CitizenArchiveController],
  providers: [PaForNodeService, EnteFiscalIndex, PositionFinder, ReceiptArchive, RtImportService, UnmatchedReceiptsIndex, CitizenDocumentsService, ReceiptMailJobHandler, AvvisiZipService, AvvisiZipJobHandler, CitizenArchiveGuard],
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
    private readonly avvisiZips: AvvisiZipJobHandler,
    paForNode: PaForNodeService,
  ) {
    const http = adapterHost.httpAdapter;
    if (http?.getType() === 'express') {
      // The controller's handler, called as soon as the body is read, after the app's correlation middleware as on
      // the route. It never throws: every failure is answered with a SOAP fault.
      const answer = async (req: Request, res: Response) => {
        correlationMiddleware(req, res, () => undefined);
        await answerPaForNode(paForNode, req, res, req.header('soapaction'));
      };
      http.getInstance().use(PA_FOR_NODE_PATH, soapBodyReader(PA_FOR_NODE_MAX_BYTES, answer));
    }
    // A receipt mail or a ZIP of avvisi may wait a fraction of a second: the reactors read the log in batches rather than waking on
    // every append, which under a payment burst took event-loop time from the Node's requests (bench:node).
    const batched = withBatchedSubscriptions(events, FOLLOWER_LOG);
    this.runners = [new ReactorRunner(receiptMailReactor, batched, reads, jobs), new ReactorRunner(avvisiZipReactor, batched, reads, jobs)];
  }

  /** Workers (and the all-in-one process) send the mails; an api process only serves requests. */
  onModuleInit() {
    if (this.config.role === 'api') return;
    this.jobs.process<ReceiptMailJob>(RECEIPT_MAIL_QUEUE, (job) => this.receiptMail.run(job));
    this.jobs.process<AvvisiZipJob>(AVVISI_ZIP_QUEUE, (job) => this.avvisiZips.run(job));
  }

  async onApplicationBootstrap() {
    if (this.config.role === 'api') return;
    for (const r of this.runners) await r.start();
  }

  async beforeApplicationShutdown() {
    for (const r of this.runners) await r.stop();
  }
}
