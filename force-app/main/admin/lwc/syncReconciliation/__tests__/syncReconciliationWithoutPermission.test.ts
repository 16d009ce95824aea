import { createElement } from 'lwc';
import SyncReconciliation from '../syncReconciliation';
import getFilterChoices from '@salesforce/apex/RunsController.getFilterChoices';
import listReconciliations from '@salesforce/apex/ReconciliationController.listReconciliations';
import getDetail from '@salesforce/apex/ReconciliationController.getDetail';
import reconciliationsFixture from './data/reconciliations.json';
import detailFixture from './data/detail.json';

// the platform gives `undefined` to a user without the custom permission
jest.mock('@salesforce/customPermission/Conduit_Run', () => ({ default: undefined }), {
  virtual: true,
});
jest.mock('@salesforce/apex/RunsController.getFilterChoices', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock(
  '@salesforce/apex/ReconciliationController.listReconciliations',
  () => ({ default: jest.fn() }),
  {
    virtual: true,
  },
);
jest.mock('@salesforce/apex/ReconciliationController.getDetail', () => ({ default: jest.fn() }), {
  virtual: true,
});

function flush(): Promise<void> {
  let chain = Promise.resolve();
  for (let i = 0; i < 10; i++) chain = chain.then();
  return chain;
}

describe('c-sync-reconciliation without the Conduit_Run permission', () => {
  it('shows the differences without selection, start, re-sync or dismiss', async () => {
    (listReconciliations as unknown as jest.Mock).mockResolvedValue(reconciliationsFixture);
    (getDetail as unknown as jest.Mock).mockResolvedValue(detailFixture);
    const element = createElement('c-sync-reconciliation', { is: SyncReconciliation });
    document.body.appendChild(element);
    await flush();
    const root = element.shadowRoot;
    root?.querySelector('[data-id="reconciliations"]')?.dispatchEvent(
      new CustomEvent('rowaction', {
        detail: { action: { name: 'differences' }, row: { id: reconciliationsFixture[0].Id } },
      }),
    );
    await flush();

    const table = root?.querySelector('[data-id="differences"]') as unknown as {
      hideCheckboxColumn: boolean;
    };
    expect(table.hideCheckboxColumn).toBe(true);
    expect(getFilterChoices).not.toHaveBeenCalled();
    for (const id of ['start-form', 'resync-selected', 'resync-all', 'dismiss-selected']) {
      expect(root?.querySelector(`[data-id="${id}"]`)).toBeNull();
    }
  });
});
