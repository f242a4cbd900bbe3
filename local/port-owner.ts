import { readFile, readdir, readlink } from 'node:fs/promises';

/** Who listens on a TCP port, as far as this machine can tell. */
export type PortOwner = 'ours' | 'another process' | 'unknown';

const listenState = '0A';

/** Socket inodes listening on `port` in one /proc/net table (IPv4 or IPv6; any local address). */
export const listeningInodes = (table: string, port: number): string[] => {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  return table
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length > 9 && fields[1]?.endsWith(`:${portHex}`) && fields[3] === listenState)
    .map((fields) => fields[9] as string);
};

const readOrEmpty = (path: string): Promise<string> => readFile(path, 'utf8').catch(() => '');

/**
 * Whether the socket listening on `port` belongs to process `pid`, read from Linux's /proc. Another process
 * answering on a port we were told was free is how two starters racing for one port fool a readiness check.
 * 'unknown' where /proc is not there (macOS) or nothing listens yet.
 */
export const ownerOfPort = async (port: number, pid: number): Promise<PortOwner> => {
  const tables = await Promise.all([readOrEmpty('/proc/net/tcp'), readOrEmpty('/proc/net/tcp6')]);
  const inodes = new Set(tables.flatMap((table) => listeningInodes(table, port)));
  if (inodes.size === 0) return 'unknown';
  const descriptors = await readdir(`/proc/${pid}/fd`).catch(() => undefined);
  if (descriptors === undefined) return 'unknown';
  const links = await Promise.all(descriptors.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
  return links.some((link) => inodes.has(link.replace(/^socket:\[(\d+)\]$/, '$1'))) ? 'ours' : 'another process';
};
