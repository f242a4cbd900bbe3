import { runAdmin } from '../local/admin-cli';

/** `npm run admin -- create-concert ...`: operator commands against the local (or DYNAMODB_ENDPOINT) table. */
runAdmin(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    console.error('admin: unexpected failure', error);
    process.exitCode = 1;
  },
);
