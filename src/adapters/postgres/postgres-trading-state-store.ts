import { sql, type Kysely, type Selectable } from 'kysely';
import type { TradingStateKey, TradingStateRecord, TradingStateStore } from '../../app/ports.ts';
import type { TradingState } from '../../core/limits/limit-definition.ts';
import type { DatabaseSchema, TradingStatesTable } from './database-schema.ts';

const toRecord = (r: Selectable<TradingStatesTable>): TradingStateRecord => ({
  key: r.key, state: r.state as TradingState, reason: r.reason, changedBy: r.changed_by, changedAt: r.changed_at.toISOString(),
  engaged: r.engaged, engagedBy: r.engaged_by, engagedAt: r.engaged_at?.toISOString() ?? null, engagedReason: r.engaged_reason,
  stateBeforeEngaged: r.state_before_engaged as TradingState | null,
});

const TRADING_STATE_LOCK = 728_310_003;

export class PostgresTradingStateStore implements TradingStateStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async get(key: TradingStateKey, opts: { lock?: boolean } = {}): Promise<TradingStateRecord | undefined> {
    // A row lock cannot cover a row that does not exist yet: a transaction-scoped advisory lock on
    // the key serialises two first engagements of the same switch.
    if (opts.lock === true) await sql`SELECT pg_advisory_xact_lock(${TRADING_STATE_LOCK}, hashtext(${key}))`.execute(this.db);
    const r = await this.db.selectFrom('trading_states').selectAll().where('key', '=', key).executeTakeFirst();
    return r === undefined ? undefined : toRecord(r);
  }

  async list(): Promise<TradingStateRecord[]> {
    return (await this.db.selectFrom('trading_states').selectAll().orderBy('key').execute()).map(toRecord);
  }

  async upsert(s: TradingStateRecord): Promise<void> {
    const row = {
      key: s.key, portfolio_id: s.key === 'firm' ? null : s.key, state: s.state, reason: s.reason, changed_by: s.changedBy,
      changed_at: s.changedAt, engaged: s.engaged, engaged_by: s.engagedBy, engaged_at: s.engagedAt, engaged_reason: s.engagedReason,
      state_before_engaged: s.stateBeforeEngaged,
    };
    const { key: _k, portfolio_id: _p, ...update } = row;
    await this.db.insertInto('trading_states').values(row).onConflict((oc) => oc.column('key').doUpdateSet(update)).execute();
  }
}
