import type { Instrument } from './instrument.ts';

export interface Position {
  readonly portfolioId: string;
  /** Client-supplied, or the instrument key when absent. */
  readonly positionId: string;
  readonly instrument: Instrument;
  readonly instrumentKey: string;
  /** Signed: positive long, negative short; in shares or contracts. */
  readonly quantity: number;
  /** Average cost per unit of quantity (per share or per option, not per contract). */
  readonly averageCost: number;
  readonly sector: string | null;
  readonly strategy: string | null;
  readonly tags: string[];
  /** Ties the legs of a multi-leg option strategy together. */
  readonly strategyGroupId: string | null;
  readonly openedAt: string;
  readonly updatedAt: string;
}
