import { underlyingSymbol } from '../../core/portfolio/instrument.ts';
import type { ScenarioUniverse } from '../../core/stress/index.ts';
import type { Stores } from '../ports.ts';

/** What a user's shock may aim at (ADR 0006, "Targets"). */
export const TARGET_RULES = {
  underlying: 'an underlying target must be held by the portfolio or have market data (a quote, price history or reference data)',
  sector: 'a sector target must be the sector of a holding (reference data, else the position\'s sector, else Unclassified) or of any reference-data symbol',
  library: 'library scenarios may name sectors the book does not hold; such targets are listed in unmatchedTargets',
} as const;

const UNCLASSIFIED = 'Unclassified';

/**
 * The underlyings and sectors among `named` that the service knows for this portfolio (see
 * TARGET_RULES). Only the named ones are looked up: the portfolio's positions, then reference
 * data, quotes and price history of the named symbols; all reference-data sectors when a sector
 * is named.
 */
export async function knownTargets(storage: Stores, portfolioId: string, named: { underlyings: readonly string[]; sectors: readonly string[] }): Promise<ScenarioUniverse> {
  if (named.underlyings.length === 0 && named.sectors.length === 0) return { underlyings: [], sectors: [] };
  const positions = await storage.positions.list(portfolioId);
  const held = new Set(positions.map((p) => underlyingSymbol(p.instrument)));
  const known = new Set([...named.underlyings].filter((u) => held.has(u)));
  const unknown = named.underlyings.filter((u) => !known.has(u));
  if (unknown.length > 0) {
    const [reference, quotes, history] = await Promise.all([
      storage.marketData.listReference(unknown), storage.marketData.listQuotes(unknown), storage.marketData.recentHistory(unknown, 1),
    ]);
    for (const r of reference) known.add(r.symbol);
    for (const q of quotes) known.add(q.instrumentKey);
    for (const [symbol, bars] of history) if (bars.length > 0) known.add(symbol);
  }
  const sectors = new Set<string>();
  if (named.sectors.length > 0) {
    const reference = await storage.marketData.listReference();
    const referenceSector = new Map(reference.map((r) => [r.symbol, r.sector]));
    for (const r of reference) if (r.sector !== null && r.sector !== '') sectors.add(r.sector);
    for (const p of positions) {
      const u = underlyingSymbol(p.instrument);
      const sector = referenceSector.get(u) ?? p.sector;
      sectors.add(sector === null || sector === '' ? UNCLASSIFIED : sector);
    }
  }
  return { underlyings: named.underlyings.filter((u) => known.has(u)), sectors: named.sectors.filter((s) => sectors.has(s)) };
}
