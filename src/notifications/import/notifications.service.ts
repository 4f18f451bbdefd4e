import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type AppendRequest, type EventStore } from '../../event-store/event-store.port';
import { EnteDirectory } from '../../enti/ente.directory';
import type { CommandContext } from '../../kernel/command-context';
import { CommandService, type CommandResult } from '../../kernel/command-service';
import { conflict, notFound } from '../../kernel/errors';
import { deterministicUuid, sha256 } from '../../kernel/ids';
import { extractFlowCsv } from '../../flows/files/safe-unzip';
import { NOTIFICATION_EVENT_VERSIONS, paymentNotificationStreamId, reconciliationSettingsStreamId, type PaymentNotified } from '../domain/notification.events';
import { reconciliationSettingsDecider, type ReconciliationSettingsState } from '../domain/reconciliation-settings.decider';
import { checkPagatiFileName, parsePagatiNotificati } from './pagati-notificati';

export const reconciliationSettingsAggregate = { decider: reconciliationSettingsDecider, eventVersions: NOTIFICATION_EVENT_VERSIONS };

const CHUNK = 1000;

export interface NotificationsImportResult {
  fileId: string;
  recorded: number;
  errors: { row: number; field?: string; code: string; message: string }[];
  position: bigint;
  revision: bigint;
}

@Injectable()
export class NotificationsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commands: CommandService,
    private readonly enti: EnteDirectory,
  ) {}

  async settings(codIpa: string): Promise<ReconciliationSettingsState> {
    return (await this.commands.load(reconciliationSettingsAggregate, reconciliationSettingsStreamId(codIpa))).state;
  }

  async changeSettings(codIpa: string, notificationsEnabled: boolean, ctx: CommandContext): Promise<CommandResult<ReconciliationSettingsState>> {
    if (!(await this.enti.get(codIpa))) throw notFound('ENTE_NOT_FOUND', `ente ${codIpa} is not registered`);
    return this.commands.execute(
      reconciliationSettingsAggregate,
      reconciliationSettingsStreamId(codIpa),
      { type: 'ChangeReconciliationSettings', data: { codIpa, notificationsEnabled }, metadata: { now: ctx.now } },
      ctx,
    );
  }

  /** A ZIP of pagati notificati: one PaymentNotified per good row; bad rows are reported with their line. */
  async importZip(codIpa: string, zip: Buffer, fileName: string | undefined, ctx: CommandContext): Promise<NotificationsImportResult> {
    if (!(await this.enti.get(codIpa))) throw notFound('ENTE_NOT_FOUND', `ente ${codIpa} is not registered`);
    const { csvName } = checkPagatiFileName(fileName, codIpa);
    if (!(await this.settings(codIpa)).notificationsEnabled) {
      throw conflict('NOTIFICATIONS_OFF', `ente ${codIpa} has not switched pagati notificati on: PUT .../riconciliazione/impostazioni {"notificheAttive": true} first`);
    }
    const csv = Buffer.from(extractFlowCsv(zip, csvName)).toString('utf8');
    const parsed = parsePagatiNotificati(csv);
    const fileId = sha256(zip).slice(0, 24);
    let position = 0n;
    let recorded = 0;
    for (let i = 0; i < parsed.payments.length; i += CHUNK) {
      const requests: AppendRequest[] = parsed.payments.slice(i, i + CHUNK).map((p) => {
        const streamId = paymentNotificationStreamId(codIpa, p.iud);
        const event: PaymentNotified = { type: 'PaymentNotified', data: { codIpa, ...p, fileId, at: ctx.now } };
        const [envelope] = this.commands.envelopes({ eventVersions: NOTIFICATION_EVENT_VERSIONS }, streamId, [event], ctx, -1n);
        // The same file row again is the same event: re-uploading a file appends nothing new.
        envelope.id = deterministicUuid('notification', codIpa, fileId, String(p.row));
        return { streamId, events: [envelope], expectedRevision: 'any' };
      });
      const results = await this.store.appendBatch(requests);
      recorded += requests.length;
      for (const r of results) if (r.position > position) position = r.position;
    }
    return { fileId, recorded, errors: parsed.errors, position: position || (await this.store.headPosition()), revision: -1n };
  }
}
