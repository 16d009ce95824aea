import { LightningElement, api } from 'lwc';

/** Run and write-log states, as `Sync_Run__c.Status__c` and `Sync_Write__c.State__c` store them. */
export type SyncStatus =
  | 'Queued'
  | 'Running'
  | 'Succeeded'
  | 'Partial'
  | 'Incomplete'
  | 'Failed'
  | 'new'
  | 'pending'
  | 'succeeded'
  | 'failed';

interface StatusLook {
  label: string;
  theme: string;
}

const LOOKS: Record<string, StatusLook> = {
  queued: { label: 'Queued', theme: 'slds-badge_lightest' },
  new: { label: 'New', theme: 'slds-badge_lightest' },
  running: { label: 'Running', theme: 'slds-theme_info' },
  pending: { label: 'Pending', theme: 'slds-theme_info' },
  succeeded: { label: 'Succeeded', theme: 'slds-theme_success' },
  partial: { label: 'Partially failed', theme: 'slds-theme_warning' },
  incomplete: { label: 'Incomplete', theme: 'slds-theme_warning' },
  failed: { label: 'Failed', theme: 'slds-theme_error' },
};

/**
 * Shows the status of a sync run or write-log row as an SLDS badge, the same way on every
 * page of the admin app. An unknown status is shown as it is, in a neutral badge.
 */
export default class SyncStatusBadge extends LightningElement {
  /** The status of a run (`Succeeded` …) or the state of a write-log row (`failed` …). */
  @api status: SyncStatus | string | undefined;

  /** Optional count shown after the label, e.g. the number of failed rows. */
  @api count: number | undefined;

  get look(): StatusLook {
    const key = (this.status ?? '').toLowerCase();
    return LOOKS[key] ?? { label: this.status || 'Unknown', theme: '' };
  }

  get label(): string {
    return this.count === undefined || this.count === null
      ? this.look.label
      : `${this.look.label} (${this.count})`;
  }

  get badgeClass(): string {
    return `slds-badge ${this.look.theme}`.trim();
  }
}
