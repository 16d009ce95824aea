// Placeholder for npm scripts whose content a later issue brings: says what the command will do
// and fails, so nobody mistakes it for done.
const [, , name, what] = process.argv;
console.error(`npm run ${name}: not built yet. It will run ${what}.`);
process.exit(1);
