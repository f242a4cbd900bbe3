import type { RoomChange, TokenExpiryRequest } from '../../../../lambdas/use-cases/admission/ports';
import { reactToTokenChanges } from '../../../../lambdas/use-cases/admission/react-to-token-changes';

describe('reactToTokenChanges', () => {
  const setUp = (options: { failOpen?: boolean; opening?: 'opened' | 'alreadyOpen' | 'inProgress' | 'notDue' } = {}) => {
    const calls: string[] = [];
    const scheduled: TokenExpiryRequest[] = [];
    const react = reactToTokenChanges({
      admit: async (concertId) => (calls.push(`admit ${concertId}`), { admitted: 1, expiredIdle: 0 }),
      open: async (concertId) => {
        calls.push(`open ${concertId}`);
        if (options.failOpen) throw new Error('draw failed');
        return { outcome: options.opening ?? 'notDue' };
      },
      expiries: { scheduleExpiry: async (request) => void scheduled.push(request) },
    });
    return { react, calls, scheduled };
  };

  it('runs one admission per room, however many of its tokens changed', async () => {
    const { react, calls } = setUp();
    const outcome = await react([
      { kind: 'slotFreed', concertId: 'c1' },
      { kind: 'queued', concertId: 'c1' },
      { kind: 'queued', concertId: 'c2' },
    ]);
    expect(calls.sort()).toEqual(['admit c1', 'admit c2']);
    expect(outcome).toEqual({ failed: new Set(), admitted: 2 });
  });

  it('schedules the expiry of an admitted token without an admission run for it', async () => {
    const { react, calls, scheduled } = setUp();
    await react([{ kind: 'admitted', concertId: 'c1', expiry: { tokenId: 't1', expireAtMs: 5_000 } }]);
    expect(scheduled).toEqual([{ tokenId: 't1', expireAtMs: 5_000 }]);
    expect(calls).toEqual([]);
  });

  it('answers a sale change with the server’s own draw (if due) and then admission, so a resume or a larger room is filled', async () => {
    const { react, calls } = setUp();
    await react([{ kind: 'saleChanged', concertId: 'c1' }, { kind: 'slotFreed', concertId: 'c1' }, { kind: 'slotFreed', concertId: 'c2' }]);
    expect(calls.filter((call) => call.endsWith('c1'))).toEqual(['open c1', 'admit c1']);
    // A room whose sale did not change is not asked to draw.
    expect(calls.filter((call) => call.endsWith('c2'))).toEqual(['admit c2']);
  });

  it('leaves the room to a draw running elsewhere, which admits as it places', async () => {
    const { react, calls } = setUp({ opening: 'inProgress' });
    const outcome = await react([{ kind: 'saleChanged', concertId: 'c1' }, { kind: 'slotFreed', concertId: 'c1' }]);
    expect(calls).toEqual(['open c1']);
    expect(outcome).toEqual({ failed: new Set(), admitted: 0 });
  });

  it('reports every change of a room whose draw failed, so the stream delivers them again', async () => {
    const { react, calls } = setUp({ failOpen: true });
    const changes: RoomChange[] = [{ kind: 'saleChanged', concertId: 'c1' }, { kind: 'queued', concertId: 'c1' }];
    const outcome = await react(changes);
    expect(outcome).toEqual({ failed: new Set(changes), admitted: 0 });
    expect(calls).toEqual(['open c1']);
  });
});
