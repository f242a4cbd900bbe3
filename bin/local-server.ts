import { startLocalServer } from '../local/server';

/** `npm start`: the API on PORT against DynamoDB Local; see docs/local-development.md. */
const main = async (): Promise<void> => {
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
  console.error('the local server could not start:', error);
  process.exit(1);
});
