import { LightningElement, api } from 'lwc';

/** The `Delivery__c` value of an export whose records are emailed. */
export const EMAIL = 'Email';

/** What a delivery input changed: `endpoint`, `delivery`, `emailTo` or `fileName`. */
export interface DeliveryChange {
  key: 'endpoint' | 'delivery' | 'emailTo' | 'fileName';
  value: string;
}

const DELIVERIES = [
  { label: 'To an API', value: 'API' },
  { label: 'By email, a CSV file per run', value: EMAIL },
];

/**
 * Where an option's records come from or go, in the mapping helper's first step: an import's
 * endpoint; an export's delivery, to an API endpoint through a Named Credential or by email
 * (`Delivery__c` Email: the recipients, `Email_To__c`, and the file's name, `File_Name__c`), with
 * only the inputs of the chosen delivery shown. Fires `change` with a `DeliveryChange`.
 */
export default class SyncDelivery extends LightningElement {
  /** `Import` or `Export`: only an export can be emailed. */
  @api direction = 'Import';
  /** `API` or `Email`. */
  @api delivery = 'API';
  @api endpoint = '';
  @api emailTo = '';
  @api fileName = '';
  /** The option's name, for the file name used when none is set. */
  @api optionName = '';

  get isExport(): boolean {
    return this.direction === 'Export';
  }

  get isEmail(): boolean {
    return this.isExport && this.delivery === EMAIL;
  }

  get deliveryOptions(): { label: string; value: string }[] {
    return DELIVERIES;
  }

  get deliveryValue(): string {
    return this.delivery === EMAIL ? EMAIL : 'API';
  }

  get fileNamePlaceholder(): string {
    return `${this.optionName || 'option'}-{date}.csv`;
  }

  get fileNameHelp(): string {
    return '{date} is the day the file is sent (GMT); empty: ' + this.fileNamePlaceholder;
  }

  handleChange(event: CustomEvent<{ value?: string }>): void {
    event.stopPropagation();
    const key = (event.target as HTMLElement).dataset.key as DeliveryChange['key'];
    const detail: DeliveryChange = { key, value: (event.detail.value ?? '').toString() };
    this.dispatchEvent(new CustomEvent('change', { detail }));
  }
}
