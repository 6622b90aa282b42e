import type { Principal } from '../../core/auth/role.ts';
import type { PriceBar, Quote, ReferenceData, RiskFreeRate } from '../../core/market/market-data.ts';
import { isCalendarDate } from '../../core/shared/calendar-date.ts';
import { instrumentKey } from '../../core/portfolio/instrument.ts';
import { normaliseInstrument, SYMBOL_PATTERN, type InstrumentInput } from '../../core/portfolio/validate-instrument.ts';
import { INVALID_INPUT, type InputProblem } from '../../core/shared/input-problem.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import type { Stores } from '../ports.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';

/** Quotes stamped further than this in the future are rejected as a clock or feed error. */
export const MAX_QUOTE_CLOCK_SKEW_MS = 5 * 60_000;
const AUDIT_KEY_SAMPLE = 100;

export interface QuoteInput {
  symbol?: string; instrument?: InstrumentInput; last: number; bid?: number | null; ask?: number | null;
  impliedVolatility?: number | null; timestamp: string;
}
export interface ReferenceInput {
  symbol: string; type: ReferenceData['type']; sector?: string | null; averageDailyVolume?: number | null;
  dividendYield?: number | null; beta?: number | null; currency?: string | null;
}
export interface RateInput { currency: string; rate: number; asOf?: string }

const invalid = (problems: InputProblem[], what: string) =>
  fail(INVALID_INPUT, `${problems.length} problem(s) in ${what}; nothing was written`, problems);

async function writeAudited<T>(deps: UseCaseDeps, actor: Principal, eventType: string, payload: unknown,
  write: (tx: Stores) => Promise<void>, value: T): Promise<Result<T>> {
  return deps.storage.transaction(async (tx) => {
    await write(tx);
    await tx.audit.append({ actor: actorOf(actor), eventType, subject: 'market-data', payload });
    return ok(value);
  });
}

const sampleKeys = (keys: string[]) => ({ count: keys.length, keys: keys.slice(0, AUDIT_KEY_SAMPLE), truncated: keys.length > AUDIT_KEY_SAMPLE });

export async function ingestQuotes(deps: UseCaseDeps, actor: Principal, rows: readonly QuoteInput[]): Promise<Result<{ accepted: number }>> {
  const problems: InputProblem[] = [];
  const now = deps.clock.now();
  const seen = new Map<string, number>();
  const quotes: Quote[] = rows.map((r, i) => {
    const path = `/quotes/${i}`;
    if ((r.symbol === undefined) === (r.instrument === undefined)) problems.push({ path, message: 'give exactly one of symbol or instrument' });
    const instrument = r.instrument !== undefined ? normaliseInstrument(r.instrument, `${path}/instrument`, problems)
      : normaliseInstrument({ type: 'stock', symbol: r.symbol ?? '' }, path, problems);
    const bid = r.bid ?? null; const ask = r.ask ?? null;
    if (!(r.last > 0)) problems.push({ path: `${path}/last`, message: 'last must be > 0' });
    if (bid !== null && bid < 0) problems.push({ path: `${path}/bid`, message: 'bid must be >= 0' });
    if (bid !== null && ask !== null && ask < bid) problems.push({ path: `${path}/ask`, message: `ask ${ask} is below bid ${bid}` });
    const iv = r.impliedVolatility ?? null;
    if (iv !== null && !(iv > 0 && iv <= 10)) problems.push({ path: `${path}/impliedVolatility`, message: 'impliedVolatility is a fraction in (0, 10]' });
    const t = Date.parse(r.timestamp);
    if (Number.isNaN(t)) problems.push({ path: `${path}/timestamp`, message: `"${r.timestamp}" is not an ISO 8601 time` });
    else if (t - now.getTime() > MAX_QUOTE_CLOCK_SKEW_MS) problems.push({ path: `${path}/timestamp`, message: 'timestamp is more than 5 minutes in the future' });
    // one quote per instrument in a batch: which of two would be the quote is not for us to guess
    const key = instrumentKey(instrument);
    if (seen.has(key)) problems.push({ path, message: `${key} is also quoted at /quotes/${String(seen.get(key))}` });
    else seen.set(key, i);
    return {
      instrumentKey: key, instrument, last: r.last, bid, ask, impliedVolatility: iv,
      timestamp: Number.isNaN(t) ? r.timestamp : new Date(t).toISOString(), receivedAt: now.toISOString(),
    };
  });
  if (problems.length > 0) return invalid(problems, 'quotes');
  return writeAudited(deps, actor, 'market-data.quotes.ingested', sampleKeys(quotes.map((q) => q.instrumentKey)),
    (tx) => tx.marketData.upsertQuotes(quotes), { accepted: quotes.length });
}

export async function ingestReferenceData(deps: UseCaseDeps, actor: Principal, rows: readonly ReferenceInput[]): Promise<Result<{ accepted: number }>> {
  const problems: InputProblem[] = [];
  const at = deps.clock.now().toISOString();
  const refs: ReferenceData[] = rows.map((r, i) => {
    const path = `/symbols/${i}`;
    if (!SYMBOL_PATTERN.test(r.symbol)) problems.push({ path: `${path}/symbol`, message: `invalid symbol "${r.symbol}"` });
    if (r.averageDailyVolume != null && !(r.averageDailyVolume >= 0)) problems.push({ path: `${path}/averageDailyVolume`, message: 'must be >= 0' });
    if (r.dividendYield != null && !(r.dividendYield > -0.5 && r.dividendYield < 1)) problems.push({ path: `${path}/dividendYield`, message: 'a continuous yield as a fraction in (-0.5, 1)' });
    if (r.beta != null && !Number.isFinite(r.beta)) problems.push({ path: `${path}/beta`, message: 'must be finite' });
    return {
      symbol: r.symbol, type: r.type, sector: r.sector ?? null, averageDailyVolume: r.averageDailyVolume ?? null,
      dividendYield: r.dividendYield ?? null, beta: r.beta ?? null, currency: r.currency ?? null, updatedAt: at,
    };
  });
  if (problems.length > 0) return invalid(problems, 'reference data');
  return writeAudited(deps, actor, 'market-data.reference.ingested', { rows: refs }, (tx) => tx.marketData.upsertReference(refs), { accepted: refs.length });
}

export async function ingestRates(deps: UseCaseDeps, actor: Principal, rows: readonly RateInput[]): Promise<Result<{ accepted: number }>> {
  const problems: InputProblem[] = [];
  const at = deps.clock.now().toISOString();
  const rates: RiskFreeRate[] = rows.map((r, i) => {
    if (!(r.rate > -0.2 && r.rate < 1)) problems.push({ path: `/rates/${i}/rate`, message: 'a continuously compounded annual rate as a fraction in (-0.2, 1)' });
    const asOf = r.asOf ?? at;
    if (Number.isNaN(Date.parse(asOf))) problems.push({ path: `/rates/${i}/asOf`, message: 'not an ISO 8601 time' });
    return { currency: r.currency, rate: r.rate, asOf: Number.isNaN(Date.parse(asOf)) ? asOf : new Date(asOf).toISOString(), updatedAt: at };
  });
  if (problems.length > 0) return invalid(problems, 'rates');
  return writeAudited(deps, actor, 'market-data.rates.ingested', { rates }, (tx) => tx.marketData.upsertRates(rates), { accepted: rates.length });
}

export async function ingestPriceHistory(deps: UseCaseDeps, actor: Principal, bars: readonly PriceBar[], presetProblems: InputProblem[] = []): Promise<Result<{ accepted: number; symbols: string[] }>> {
  const problems = [...presetProblems];
  // a daily close has happened: not after tomorrow (UTC, a day's grace for time zones), once per symbol and date
  const latest = new Date(deps.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
  const seen = new Map<string, number>();
  bars.forEach((b, i) => {
    if (!SYMBOL_PATTERN.test(b.symbol)) problems.push({ path: `/bars/${i}/symbol`, message: `invalid symbol "${b.symbol}"` });
    if (!isCalendarDate(b.date)) problems.push({ path: `/bars/${i}/date`, message: `"${b.date}" is not a date YYYY-MM-DD` });
    else if (b.date > latest) problems.push({ path: `/bars/${i}/date`, message: `${b.date} is in the future` });
    const key = `${b.symbol} ${b.date}`;
    if (seen.has(key)) problems.push({ path: `/bars/${i}`, message: `${b.symbol} on ${b.date} is also at /bars/${String(seen.get(key))}` });
    else seen.set(key, i);
    if (!(b.close > 0) || !Number.isFinite(b.close)) problems.push({ path: `/bars/${i}/close`, message: 'close must be a positive finite price' });
  });
  if (problems.length > 0) return invalid(problems, 'price history');
  const symbols = [...new Set(bars.map((b) => b.symbol))].sort();
  return writeAudited(deps, actor, 'market-data.history.ingested', { bars: bars.length, symbols }, (tx) => tx.marketData.upsertBars(bars), { accepted: bars.length, symbols });
}
