import { isCalendarDate } from '../shared/calendar-date.ts';
import type { InputProblem } from '../shared/input-problem.ts';
import { withInstrumentDefaults, type Instrument, type OptionInstrument } from './instrument.ts';

/** Loose shape as it arrives from a client (already JSON-schema checked for types). */
export type InstrumentInput =
  | { type: 'stock' | 'etf' | 'index'; symbol: string }
  | { type: 'option'; underlying: string; kind: 'call' | 'put'; strike: number; expiry: string; exerciseStyle?: 'american' | 'european'; multiplier?: number };

export const SYMBOL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.^/=_-]{0,31}$/;

/** Checks meaning (valid dates, positive strike) and fills defaults: American style, multiplier 100. */
export function normaliseInstrument(i: InstrumentInput, path: string, problems: InputProblem[]): Instrument {
  if (i.type !== 'option') {
    if (!SYMBOL_PATTERN.test(i.symbol)) problems.push({ path: `${path}/symbol`, message: `invalid symbol "${i.symbol}"` });
    return { type: i.type, symbol: i.symbol };
  }
  if (!SYMBOL_PATTERN.test(i.underlying)) problems.push({ path: `${path}/underlying`, message: `invalid symbol "${i.underlying}"` });
  if (!(i.strike > 0) || !Number.isFinite(i.strike)) problems.push({ path: `${path}/strike`, message: 'strike must be a positive finite number' });
  if (!isCalendarDate(i.expiry)) problems.push({ path: `${path}/expiry`, message: `expiry "${i.expiry}" is not a calendar date YYYY-MM-DD` });
  const o = withInstrumentDefaults(i) as OptionInstrument;
  if (!(o.multiplier > 0) || !Number.isFinite(o.multiplier)) problems.push({ path: `${path}/multiplier`, message: 'multiplier must be positive' });
  return o;
}
