import type { Position } from '../../core/portfolio/position.ts';
import { instrumentKey } from '../../core/portfolio/instrument.ts';
import { normaliseInstrument, type InstrumentInput } from '../../core/portfolio/validate-instrument.ts';
import type { InputProblem } from '../../core/shared/input-problem.ts';

export interface PositionInput {
  positionId?: string; instrument: InstrumentInput; quantity: number; averageCost: number;
  sector?: string | null; strategy?: string | null; tags?: string[]; strategyGroupId?: string | null; openedAt?: string;
}

/** Turns client rows into positions, collecting every problem with its row path. */
export function toPositions(portfolioId: string, rows: readonly PositionInput[], basePath: string, at: string, problems: InputProblem[]): Position[] {
  const seen = new Map<string, number>();
  return rows.map((r, i) => {
    const path = `${basePath}/${i}`;
    const instrument = normaliseInstrument(r.instrument, `${path}/instrument`, problems);
    if (r.quantity === 0 || !Number.isFinite(r.quantity)) problems.push({ path: `${path}/quantity`, message: 'quantity must be a non-zero finite number (negative = short)' });
    if (!(r.averageCost >= 0) || !Number.isFinite(r.averageCost)) problems.push({ path: `${path}/averageCost`, message: 'averageCost must be a finite number >= 0' });
    const key = instrumentKey(instrument);
    const positionId = r.positionId ?? key;
    const dup = seen.get(positionId);
    if (dup !== undefined) problems.push({ path: `${path}/positionId`, message: `duplicate position id "${positionId}" (also row ${dup})` });
    seen.set(positionId, i);
    return {
      portfolioId, positionId, instrument, instrumentKey: key, quantity: r.quantity, averageCost: r.averageCost,
      sector: r.sector ?? null, strategy: r.strategy ?? null, tags: r.tags ?? [], strategyGroupId: r.strategyGroupId ?? null,
      openedAt: r.openedAt ?? at, updatedAt: at,
    };
  });
}
