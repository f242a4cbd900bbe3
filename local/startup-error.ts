/**
 * The local server or admin CLI cannot start here (a port taken, no Java, DynamoDB Local not answering). The
 * message is one line that says what to do; `npm start` prints it without a stack trace.
 */
export class StartupError extends Error {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}
