import { ConfigurationError } from '../lambdas/config';
import { startLocalServer } from '../local/server';
import { StartupError } from '../local/startup-error';

/** `npm start`: the API on PORT against DynamoDB Local; see docs/local-development.md. */
const main = async (): Promise<void> => {
  // The SDK's notice that its 2027 releases need Node 22: true, but nothing to act on here (versions are pinned).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const server = await startLocalServer();
  let stopping = false;
  const shutDown = (signal: NodeJS.Signals): void => {
    // Ctrl-C reaches this process both from the terminal and relayed by tsx: stop once.
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, stopping`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('could not stop cleanly', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutDown);
  process.on('SIGTERM', shutDown);
};

main().catch((error: unknown) => {
  // A setting or this machine is the problem: one line that says what to do. Anything else is a bug: the stack.
  if (error instanceof ConfigurationError || error instanceof StartupError) console.error(`npm start: ${error.message}`);
  else console.error('npm start: the local server could not start:', error);
  process.exit(1);
});
