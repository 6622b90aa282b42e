/** Instruments the service understands. Options are listed equity/index options. */
export type EquityType = 'stock' | 'etf' | 'index';

export interface EquityInstrument {
  readonly type: EquityType;
  readonly symbol: string;
}

export interface OptionInstrument {
  readonly type: 'option';
  readonly underlying: string;
  readonly kind: 'call' | 'put';
  readonly strike: number;
  /** Expiry date YYYY-MM-DD; the option expires at that day's close. */
  readonly expiry: string;
  readonly exerciseStyle: 'american' | 'european';
  /** Units of the underlying per contract (100 for US equity options). */
  readonly multiplier: number;
}

export type Instrument = EquityInstrument | OptionInstrument;

/** An instrument as clients may send it: an option's style and multiplier may be left out. */
export type InstrumentWithDefaults = EquityInstrument | (Omit<OptionInstrument, 'exerciseStyle' | 'multiplier'> & { readonly exerciseStyle?: 'american' | 'european'; readonly multiplier?: number });

/** Fills an option's defaults, American style and multiplier 100 (the same object when nothing is missing). */
export function withInstrumentDefaults(i: InstrumentWithDefaults): Instrument {
  if (i.type !== 'option') return i;
  if (i.exerciseStyle !== undefined && i.multiplier !== undefined) return i as OptionInstrument;
  // written out, not spread: one object shape (this runs for every option leg in the order path)
  return { type: 'option', underlying: i.underlying, kind: i.kind, strike: i.strike, expiry: i.expiry, exerciseStyle: i.exerciseStyle ?? 'american', multiplier: i.multiplier ?? DEFAULT_OPTION_MULTIPLIER };
}

export const DEFAULT_OPTION_MULTIPLIER = 100;

/**
 * Canonical instrument key: the symbol for equities; for options
 * `UNDERLYING YYYY-MM-DD C|P STRIKE` plus ` E` for European style and ` xM` for a non-100 multiplier.
 * Quotes and positions are joined on this key.
 */
export function instrumentKey(i: Instrument): string {
  if (i.type !== 'option') return i.symbol;
  const style = i.exerciseStyle === 'european' ? ' E' : '';
  const mult = i.multiplier === DEFAULT_OPTION_MULTIPLIER ? '' : ` x${i.multiplier}`;
  return `${i.underlying} ${i.expiry} ${i.kind === 'call' ? 'C' : 'P'} ${i.strike}${style}${mult}`;
}

/** The symbol whose price drives the instrument's value. */
export const underlyingSymbol = (i: Instrument): string => (i.type === 'option' ? i.underlying : i.symbol);

/** Units of the underlying per one unit of quantity. */
export const contractMultiplier = (i: Instrument): number => (i.type === 'option' ? i.multiplier : 1);
