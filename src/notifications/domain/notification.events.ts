import type { DomainEvent } from '../../kernel/decider';
import type { Cents } from '../../kernel/money';

/**
 * "Pagati notificati": the ente's gestionale says it registered this dovuto as paid (MyPivot's IUD source).
 * Stream: paymentNotificationStreamId(codIpa, iud); a later notification of the same IUD replaces the earlier.
 */
export type PaymentNotified = DomainEvent<
  'PaymentNotified',
  {
    readonly codIpa: string;
    readonly iud: string;
    readonly iuv?: string;
    readonly amount: Cents;
    readonly dataPagamento?: string;
    readonly tipoDovuto?: string;
    readonly payerId?: string;
    readonly payerName?: string;
    readonly causale?: string;
    readonly fileId: string;
    readonly row: number;
    readonly at: string;
  }
>;

/** An ente switches the IUD source of reconciliation on or off (stream: ente-<codIpa>'s sibling reconciliation-settings-<codIpa>). */
export type ReconciliationSettingsChanged = DomainEvent<'ReconciliationSettingsChanged', { readonly codIpa: string; readonly notificationsEnabled: boolean; readonly at: string }>;

export const NOTIFICATION_EVENT_VERSIONS = { PaymentNotified: 1, ReconciliationSettingsChanged: 1 } as const;

export const paymentNotificationStreamId = (codIpa: string, iud: string) => `notification-${codIpa}-${encodeURIComponent(iud)}`;
export const reconciliationSettingsStreamId = (codIpa: string) => `reconciliation-settings-${codIpa}`;
