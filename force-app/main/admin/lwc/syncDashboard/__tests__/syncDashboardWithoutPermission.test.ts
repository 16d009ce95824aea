import { createElement } from 'lwc';
import SyncDashboard from '../syncDashboard';
import load from '@salesforce/apex/DashboardController.load';
import dashboard from './data/dashboard.json';

// the platform gives `undefined` to a user without the custom permission
jest.mock('@salesforce/customPermission/Conduit_Run', () => ({ default: undefined }), {
  virtual: true,
});
jest.mock('@salesforce/customPermission/Conduit_Configure', () => ({ default: undefined }), {
  virtual: true,
});
jest.mock('@salesforce/apex/DashboardController.load', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/DashboardController.runNow', () => ({ default: jest.fn() }), {
  virtual: true,
});

describe('c-sync-dashboard without the Conduit_Run and Conduit_Configure permissions', () => {
  it('shows the cards without Run now, Schedule or Pause', async () => {
    (load as unknown as jest.Mock).mockResolvedValue(dashboard);
    const element = createElement('c-sync-dashboard', { is: SyncDashboard });
    document.body.appendChild(element);
    let chain = Promise.resolve();
    for (let i = 0; i < 10; i++) chain = chain.then();
    await chain;
    expect(element.shadowRoot?.querySelectorAll('[data-id="cards"] > li')).toHaveLength(3);
    expect(element.shadowRoot?.querySelector('[data-id="run-now"]')).toBeNull();
    expect(element.shadowRoot?.querySelector('[data-id="edit-schedule"]')).toBeNull();
    expect(element.shadowRoot?.querySelector('[data-id="pause"]')).toBeNull();
  });
});
