import { describe, expect, it } from 'vitest';
import { RecentHistoryCache } from './recent-history-cache.ts';

const bar = (symbol: string, date: string, close: number) => ({ symbol, date, close });

describe('RecentHistoryCache', () => {
  it('answers a repeated query with a copy, whatever the order of its symbols', () => {
    const c = new RecentHistoryCache();
    const key = RecentHistoryCache.key(['IBM', 'KO'], 250, undefined);
    c.set(key, c.begin(), new Map([['IBM', [bar('IBM', '2026-01-02', 100)]], ['KO', []]]));
    const hit = c.get(RecentHistoryCache.key(['KO', 'IBM'], 250, undefined));
    expect(hit?.get('IBM')).toEqual([bar('IBM', '2026-01-02', 100)]);
    hit?.get('IBM')?.push(bar('IBM', '2026-01-03', 1)); // the caller's copy, not the cache
    expect(c.get(key)?.get('IBM')).toHaveLength(1);
    expect(c.get(RecentHistoryCache.key(['IBM', 'KO'], 251, undefined))).toBeUndefined();
    expect(c.get(RecentHistoryCache.key(['IBM', 'KO'], 250, '2026-01-01'))).toBeUndefined();
  });

  it('forgets on a write, drops an answer read before that write, and expires after its TTL', () => {
    let t = 0;
    const c = new RecentHistoryCache(() => t, 1000);
    const key = RecentHistoryCache.key(['IBM'], 10, undefined);
    c.set(key, c.begin(), new Map([['IBM', []]]));
    c.invalidate();
    expect(c.get(key)).toBeUndefined();
    const before = c.begin();
    c.invalidate(); // closes written while a read was in flight
    c.set(key, before, new Map([['IBM', []]]));
    expect(c.get(key)).toBeUndefined();
    c.set(key, c.begin(), new Map([['IBM', []]]));
    t = 999;
    expect(c.get(key)).toBeDefined();
    t = 1001;
    expect(c.get(key)).toBeUndefined();
  });
});
