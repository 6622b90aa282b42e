import { describe, expect, it } from 'vitest';
import type { ApiKeyRecord, ApiKeyStore } from '../../app/ports.ts';
import { sha256ApiKeyCodec } from './api-key-codec.ts';
import { BearerAuthenticator } from './bearer-authenticator.ts';

/** Keys in memory, counting reads (a cached verification reads nothing). */
function keyStore(): ApiKeyStore & { reads: number; records: Map<string, ApiKeyRecord> } {
  const records = new Map<string, ApiKeyRecord>();
  return {
    records, reads: 0,
    async insert(k) { records.set(k.id, k); },
    async get(id) { this.reads++; return records.get(id); },
    async list() { return [...records.values()]; },
    async revoke() { return false; },
    async countActive() { return records.size; },
  };
}

describe('BearerAuthenticator', () => {
  it('answers a recently verified API key at once, only with the very same secret and only until the cache expires', async () => {
    let now = 1_000_000;
    const apiKeys = keyStore();
    const auth = new BearerAuthenticator({ apiKeys, codec: sha256ApiKeyCodec, clock: { now: () => new Date(now) }, apiKeyCacheMs: 5000, jwt: { algorithms: ['HS256'], issuer: 'i', audience: 'a', roleClaim: 'role' } });
    const { id, token, secretHash } = sha256ApiKeyCodec.generate();
    await apiKeys.insert({ id, name: 'k', role: 'trader', secretHash, createdAt: new Date(now).toISOString(), createdBy: 'test', revokedAt: null, revokedBy: null });
    expect(auth.recent(token)).toBeUndefined(); // never verified yet
    expect(await auth.authenticate(token)).toEqual({ ok: true, value: { id: `key:${id}`, role: 'trader', via: 'api-key' } });
    expect(auth.recent(token)).toEqual({ id: `key:${id}`, role: 'trader', via: 'api-key' });
    const reads = apiKeys.reads;
    expect((await auth.authenticate(token)).ok).toBe(true);
    expect(apiKeys.reads).toBe(reads); // from the cache
    // the same key id with another secret (of the same length, or not) is never taken from the cache
    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(auth.recent(wrong)).toBeUndefined();
    expect(auth.recent(`${token}x`)).toBeUndefined();
    expect((await auth.authenticate(wrong)).ok).toBe(false);
    expect(auth.recent(token)).toBeUndefined(); // a failed attempt drops the cached key
    expect((await auth.authenticate(token)).ok).toBe(true);
    now += 5001;
    expect(auth.recent(token)).toBeUndefined(); // expired: authenticate reads the store again
    auth.forgetKey(id);
    expect(auth.recent('not-a-key')).toBeUndefined();
  });
});
