import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_STORAGE_KIND, type TestDatabase } from '../support/test-storage.ts';

/** Batched appends go through array parameters (unnest): every character must survive the array literal. */
describe(`audit batch appends (${TEST_STORAGE_KIND})`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => { await t?.cleanup(); });

  it('stores awkward text exactly, chains every event of a large batch, and verifies', async () => {
    const awkward = ['plain', 'quote " and \\ backslash', '{braces},[brackets]', 'comma, semicolon;', "single ' quote", 'NULL', '', 'é ∑ 🚀 日本', 'tab\tnew\nline', ' padded '];
    const events = Array.from({ length: 2500 }, (_, i) => ({
      actor: `key:${awkward[i % awkward.length]}`, eventType: 'batch.test', subject: awkward[(i + 3) % awkward.length] as string,
      payload: { i, text: awkward[i % awkward.length], nested: { list: [awkward[(i + 1) % awkward.length], null, 1.5e-7, -0, true], at: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60)) } },
    }));
    const written = await t.storage.transaction((tx) => tx.audit.appendMany(events));
    expect(written).toHaveLength(2500);
    expect(written.map((e) => e.seq)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    const back = await t.storage.audit.list({ limit: 3000 });
    expect(back).toHaveLength(2500);
    for (const [i, e] of back.entries()) {
      expect(e.actor).toBe(events[i]!.actor);
      expect(e.subject).toBe(events[i]!.subject);
      expect(e.payload).toEqual(JSON.parse(JSON.stringify(events[i]!.payload)));
      expect(e.hash).toBe(written[i]!.hash);
    }
    expect(await t.storage.audit.verify()).toMatchObject({ ok: true, events: 2500 });
  });
});
