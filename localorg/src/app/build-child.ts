/**
 * The child process that builds the app's bundle (`bundle.ts`, `appBundle`): its argument is
 * `{ options, file }` as JSON; it writes the bundle to `file` and exits (1 on a build error).
 */
import { writeBundle, type BundleOptions } from './bundle';

const job = JSON.parse(process.argv[2]) as { options: BundleOptions; file: string };
writeBundle(job.options, job.file).then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`app build: ${error.message}`);
    process.exit(1);
  },
);
