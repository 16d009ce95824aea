import { createElement } from 'lwc';
import SyncRuns from '../syncRuns';
import listRuns from '@salesforce/apex/RunsController.listRuns';
import getRun from '@salesforce/apex/RunsController.getRun';
import listWrites from '@salesforce/apex/RunsController.listWrites';
import runsFixture from './data/runs.json';
import writesFixture from './data/writes.json';

// the platform gives `undefined` to a user without the custom permission
jest.mock('@salesforce/customPermission/Conduit_Run', () => ({ default: undefined }), {
  virtual: true,
});
jest.mock(
  '@salesforce/apex/RunsController.getFilterChoices',
  () => ({ default: jest.fn().mockResolvedValue({ options: [], plans: [] }) }),
  { virtual: true },
);
jest.mock('@salesforce/apex/RunsController.listRuns', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/RunsController.getRun', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/RunsController.listWrites', () => ({ default: jest.fn() }), {
  virtual: true,
});

function flush(): Promise<void> {
  // a few microtask turns, so fake timers do not stop it
  let chain = Promise.resolve();
  for (let i = 0; i < 10; i++) chain = chain.then();
  return chain;
}

describe('c-sync-runs without the Conduit_Run permission', () => {
  it('shows the write log without selection or retry buttons', async () => {
    (listRuns as unknown as jest.Mock).mockResolvedValue(runsFixture);
    (getRun as unknown as jest.Mock).mockResolvedValue({ run: runsFixture.runs[0], steps: [] });
    (listWrites as unknown as jest.Mock).mockResolvedValue(writesFixture);
    const element = createElement('c-sync-runs', { is: SyncRuns });
    document.body.appendChild(element);
    await flush();
    element.shadowRoot?.querySelector('[data-id="runs"]')?.dispatchEvent(
      new CustomEvent('rowaction', {
        detail: { action: { name: 'details' }, row: { id: runsFixture.runs[0].id } },
      }),
    );
    await flush();

    const table = element.shadowRoot?.querySelector('[data-id="writes"]') as unknown as {
      hideCheckboxColumn: boolean;
    };
    expect(table.hideCheckboxColumn).toBe(true);
    expect(element.shadowRoot?.querySelector('[data-id="retry-selected"]')).toBeNull();
    expect(element.shadowRoot?.querySelector('[data-id="retry-all"]')).toBeNull();
    expect(element.shadowRoot?.querySelector('[data-id="download"]')).not.toBeNull();
  });
});
