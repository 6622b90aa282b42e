import type { Kysely, Selectable } from 'kysely';
import type { PositionStore } from '../../app/ports.ts';
import type { Instrument } from '../../core/portfolio/instrument.ts';
import type { Position } from '../../core/portfolio/position.ts';
import type { DatabaseSchema, PositionsTable } from './database-schema.ts';

const toPosition = (r: Selectable<PositionsTable>): Position => ({
  portfolioId: r.portfolio_id, positionId: r.position_id, instrument: r.instrument as Instrument,
  instrumentKey: r.instrument_key, quantity: r.quantity, averageCost: r.average_cost, sector: r.sector,
  strategy: r.strategy, tags: r.tags, strategyGroupId: r.strategy_group_id,
  openedAt: r.opened_at.toISOString(), updatedAt: r.updated_at.toISOString(),
});

const toRow = (p: Position) => ({
  portfolio_id: p.portfolioId, position_id: p.positionId, instrument_key: p.instrumentKey,
  instrument: JSON.stringify(p.instrument), quantity: p.quantity, average_cost: p.averageCost, sector: p.sector,
  strategy: p.strategy, tags: JSON.stringify(p.tags), strategy_group_id: p.strategyGroupId,
  opened_at: p.openedAt, updated_at: p.updatedAt,
});

export class PostgresPositionStore implements PositionStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async list(portfolioId: string): Promise<Position[]> {
    const rows = await this.db.selectFrom('positions').selectAll().where('portfolio_id', '=', portfolioId).orderBy('position_id').execute();
    return rows.map(toPosition);
  }

  async get(portfolioId: string, positionId: string): Promise<Position | undefined> {
    const r = await this.db.selectFrom('positions').selectAll()
      .where('portfolio_id', '=', portfolioId).where('position_id', '=', positionId).executeTakeFirst();
    return r === undefined ? undefined : toPosition(r);
  }

  async replaceAll(portfolioId: string, positions: readonly Position[]): Promise<void> {
    await this.db.deleteFrom('positions').where('portfolio_id', '=', portfolioId).execute();
    for (let i = 0; i < positions.length; i += 500) {
      await this.db.insertInto('positions').values(positions.slice(i, i + 500).map(toRow)).execute();
    }
  }

  async upsert(p: Position): Promise<void> {
    const row = toRow(p);
    const { portfolio_id: _p, position_id: _i, opened_at: _o, ...update } = row;
    await this.db.insertInto('positions').values(row)
      .onConflict((oc) => oc.columns(['portfolio_id', 'position_id']).doUpdateSet(update)).execute();
  }

  async delete(portfolioId: string, positionId: string): Promise<boolean> {
    const r = await this.db.deleteFrom('positions').where('portfolio_id', '=', portfolioId).where('position_id', '=', positionId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('positions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
