import { runAdmin } from '../local/admin-cli';

/** `npm run admin -- create-concert ...`: operator commands against the local (or DYNAMODB_ENDPOINT) table. */
// The SDK's notice that its 2027 releases need Node 22: true, but nothing to act on here (versions are pinned).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
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
