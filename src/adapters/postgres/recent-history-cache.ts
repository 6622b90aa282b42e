import type { PriceBar } from '../../core/market/market-data.ts';

/** How long a cached answer may be used: bounds staleness when another instance writes closes. */
const DEFAULT_TTL_MS = 30_000;
const MAX_ENTRIES = 64;

/**
 * Recent daily closes by query (symbols, bar count, end date), kept for a short time: the risk
 * loop asks for the same ~250 closes per underlying every few seconds, and reading them is the
 * largest result its event-loop thread parses. Any write of closes through this process clears it;
 * writes by other instances are seen within the TTL. Answers are copied out (new map and arrays),
 * so callers cannot change what is cached.
 */
export class RecentHistoryCache {
  private readonly entries = new Map<string, { readonly at: number; readonly value: ReadonlyMap<string, readonly PriceBar[]> }>();
  private generation = 0;

  constructor(private readonly now: () => number = () => performance.now(), private readonly ttlMs = DEFAULT_TTL_MS) {}

  static key(symbols: readonly string[], bars: number, to: string | undefined): string {
    return `${bars}|${to ?? ''}|${[...symbols].sort().join('\u0000')}`;
  }

  get(key: string): Map<string, PriceBar[]> | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined) return undefined;
    if (this.now() - hit.at > this.ttlMs) { this.entries.delete(key); return undefined; }
    return new Map([...hit.value].map(([s, bars]) => [s, [...bars]]));
  }

  /** The generation to pass back to `set`: an answer read before a write is not cached after it. */
  begin(): number { return this.generation; }

  set(key: string, generation: number, value: ReadonlyMap<string, readonly PriceBar[]>): void {
    if (generation !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { at: this.now(), value: new Map([...value].map(([s, bars]) => [s, [...bars]])) });
  }

  /** Closes were written: forget everything (and anything being read meanwhile). */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }
}
