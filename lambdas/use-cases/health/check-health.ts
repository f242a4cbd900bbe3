export interface StorageProbe {
  /** Resolves when the table answers a read. */
  ping(): Promise<void>;
}

export const checkHealth = (deps: { storage: StorageProbe }) => async (): Promise<{ status: 'ok' }> => {
  await deps.storage.ping();
  return { status: 'ok' };
};
