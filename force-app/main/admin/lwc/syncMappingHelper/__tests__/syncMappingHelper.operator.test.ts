import { createElement } from 'lwc';
import SyncMappingHelper from '../syncMappingHelper';
import listObjects from '@salesforce/apex/MappingController.listObjects';
import listOptions from '@salesforce/apex/MappingController.listOptions';
import validate from '@salesforce/apex/MappingController.validate';

jest.mock('@salesforce/apex/MappingController.listObjects', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/MappingController.listOptions', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/MappingController.validate', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock(
  '@salesforce/customPermission/Conduit_Configure',
  () => ({ __esModule: true, default: false }),
  { virtual: true },
);

function flush(): Promise<void> {
  return Array.from({ length: 10 }).reduce<Promise<void>>(
    (chain) => chain.then(() => undefined),
    Promise.resolve(),
  );
}

describe('c-sync-mapping-helper for an operator', () => {
  it('offers no check or save, and says which permission set saving needs', async () => {
    (listObjects as unknown as jest.Mock).mockResolvedValue([]);
    (listOptions as unknown as jest.Mock).mockResolvedValue([]);
    const element = createElement('c-sync-mapping-helper', { is: SyncMappingHelper });
    document.body.appendChild(element);
    await flush();
    for (let i = 0; i < 6; i++) {
      element.shadowRoot
        ?.querySelector('[data-id="next"]')
        ?.dispatchEvent(new CustomEvent('click'));
    }
    await flush();
    expect(element.shadowRoot?.querySelector('[data-id="step-save"]')).not.toBeNull();
    expect(element.shadowRoot?.querySelector('[data-id="save"]')).toBeNull();
    expect(element.shadowRoot?.querySelector('[data-id="check"]')).toBeNull();
    expect(element.shadowRoot?.querySelector('[data-id="read-only"]')?.textContent?.trim()).toBe(
      'You can build and preview a mapping; saving it needs the Conduit Admin permission set.',
    );
    expect(validate).not.toHaveBeenCalled();
  });
});
