import type { Kysely, Selectable } from 'kysely';
import type { PortfolioStore } from '../../app/ports.ts';
import type { Portfolio, PortfolioStatus } from '../../core/portfolio/portfolio.ts';
import type { DatabaseSchema, PortfoliosTable } from './database-schema.ts';

const toPortfolio = (r: Selectable<PortfoliosTable>): Portfolio => ({
  id: r.id, name: r.name, baseCurrency: r.base_currency, cash: r.cash, benchmarkSymbol: r.benchmark_symbol,
  status: r.status as PortfolioStatus, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
});

const toRow = (p: Portfolio) => ({
  id: p.id, name: p.name, base_currency: p.baseCurrency, cash: p.cash, benchmark_symbol: p.benchmarkSymbol,
  status: p.status, created_at: p.createdAt, updated_at: p.updatedAt,
});

export class PostgresPortfolioStore implements PortfolioStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async list(): Promise<Portfolio[]> {
    return (await this.db.selectFrom('portfolios').selectAll().orderBy('id').execute()).map(toPortfolio);
  }

  async get(id: string): Promise<Portfolio | undefined> {
    const r = await this.db.selectFrom('portfolios').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toPortfolio(r);
  }

  async insert(p: Portfolio): Promise<void> {
    await this.db.insertInto('portfolios').values(toRow(p)).execute();
  }

  async update(p: Portfolio): Promise<void> {
    const { id, created_at: _c, ...rest } = toRow(p);
    await this.db.updateTable('portfolios').set(rest).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('portfolios').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('portfolios').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
