import { DEPLOY_POLL_MS, deploymentDone } from '../deployment';
import deployStatus from '@salesforce/apex/MappingController.deployStatus';

jest.mock('@salesforce/apex/MappingController.deployStatus', () => ({ default: jest.fn() }), {
  virtual: true,
});

const mocked = (fn: unknown): jest.Mock => fn as jest.Mock;
const DONE = { done: true, success: true, state: 'Succeeded', message: 'Deployed 1 records.' };

describe('deploymentDone', () => {
  afterEach(() => {
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  it('reads the status again after a pause until the deployment is done', async () => {
    jest.useFakeTimers();
    mocked(deployStatus)
      .mockResolvedValueOnce({ done: false, state: 'InProgress' })
      .mockResolvedValueOnce(DONE);
    const outcome = deploymentDone('0Af1');
    await jest.advanceTimersByTimeAsync(DEPLOY_POLL_MS - 1);
    expect(mocked(deployStatus)).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(outcome).resolves.toEqual(DONE);
    expect(mocked(deployStatus)).toHaveBeenCalledTimes(2);
    expect(mocked(deployStatus)).toHaveBeenLastCalledWith({ jobId: '0Af1' });
  });

  it("rejects with the controller's error", async () => {
    mocked(deployStatus).mockRejectedValue({ body: { message: 'No access' } });
    await expect(deploymentDone('0Af1')).rejects.toEqual({ body: { message: 'No access' } });
  });
});
