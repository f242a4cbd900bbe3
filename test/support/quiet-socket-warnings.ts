/**
 * Hundreds of requests queue for the SDK client's 50 sockets on purpose in the contention tests; its "socket usage
 * at capacity" notice is noise there. Every other warning still shows. Undo with `jest.restoreAllMocks()`.
 */
export const quietSocketWarnings = (): void => {
  const warn = console.warn.bind(console);
  jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes('socket usage at capacity')) warn(...args);
  });
};
