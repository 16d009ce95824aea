import { createElement } from 'lwc';
import SyncConfigTransfer from '../syncConfigTransfer';
import catalog from '@salesforce/apex/ConfigTransferController.catalog';
import catalogFixture from './data/catalog.json';

// the platform gives `undefined` to a user without the custom permission
jest.mock('@salesforce/customPermission/Conduit_Configure', () => ({ default: undefined }), {
  virtual: true,
});
jest.mock('@salesforce/apex/ConfigTransferController.catalog', () => ({ default: jest.fn() }), {
  virtual: true,
});

describe('c-sync-config-transfer without the Conduit_Configure permission', () => {
  it('offers export but no import', async () => {
    (catalog as unknown as jest.Mock).mockResolvedValue(catalogFixture);
    const element = createElement('c-sync-config-transfer', { is: SyncConfigTransfer });
    document.body.appendChild(element);
    await Promise.resolve();
    await Promise.resolve();
    expect(element.shadowRoot?.querySelector('[data-id="export-json"]')).not.toBeNull();
    expect(element.shadowRoot?.querySelector('[data-id="file"]')).toBeNull();
  });
});
