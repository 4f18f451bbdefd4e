import type { Decider } from '../../kernel/decider';
import type { ReconciliationSettingsChanged } from './notification.events';

export interface ChangeReconciliationSettings {
  readonly type: 'ChangeReconciliationSettings';
  readonly data: { readonly codIpa: string; readonly notificationsEnabled: boolean };
  readonly metadata: { readonly now: string };
}

export interface ReconciliationSettingsState {
  readonly notificationsEnabled: boolean;
}

/** MyPivot's flgPagati: off until the ente switches it on; setting the same value again records nothing. */
export const reconciliationSettingsDecider: Decider<ChangeReconciliationSettings, ReconciliationSettingsChanged, ReconciliationSettingsState> = {
  initialState: { notificationsEnabled: false },
  evolve: (_s, e) => ({ notificationsEnabled: e.data.notificationsEnabled }),
  decide: (cmd, s) =>
    cmd.data.notificationsEnabled === s.notificationsEnabled
      ? []
      : [{ type: 'ReconciliationSettingsChanged', data: { codIpa: cmd.data.codIpa, notificationsEnabled: cmd.data.notificationsEnabled, at: cmd.metadata.now } }],
};
