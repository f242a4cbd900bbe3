import { listeningInodes } from '../../../local/port-owner';

const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const row = (local: string, state: string, inode: string) =>
  `   0: ${local} 00000000:0000 ${state} 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0`;

describe('listeningInodes', () => {
  it('finds the sockets listening on the port, on any local address, IPv4 or IPv6', () => {
    const table = [
      header,
      row('0100007F:1F40', '0A', '111'),
      row('00000000000000000000000000000000:1F40', '0A', '222'),
      row('0100007F:1F41', '0A', '333'),
    ].join('\n');
    expect(listeningInodes(table, 8000)).toEqual(['111', '222']);
  });

  it('passes over connections to or from the port that are not listening', () => {
    const table = [header, row('0100007F:1F40', '01', '444')].join('\n');
    expect(listeningInodes(table, 8000)).toEqual([]);
  });
});
