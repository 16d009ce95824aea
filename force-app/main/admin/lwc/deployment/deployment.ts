/**
 * Follows a metadata deployment that a controller started (`MetadataDeployer`) until the
 * platform has reported its outcome, reading `MappingController.deployStatus` every 2 seconds.
 */
import deployStatus from '@salesforce/apex/MappingController.deployStatus';

/** Where a deployment stands (`MetadataDeployer.Status`). */
export interface DeployState {
  done: boolean;
  success: boolean;
  state: string;
  message: string | null;
  problems: string[];
}

/** How often a deployment's progress is read. */
export const DEPLOY_POLL_MS = 2000;

/** Resolves with the deployment's outcome once it is done; rejects with an Apex error. */
export async function deploymentDone(jobId: string): Promise<DeployState> {
  const state = (await deployStatus({ jobId })) as DeployState;
  if (state.done) return state;
  await new Promise((resolve) => {
    // the deployment runs on the server; its progress is read again after a pause
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    setTimeout(resolve, DEPLOY_POLL_MS);
  });
  return deploymentDone(jobId);
}
