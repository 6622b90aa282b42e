/**
 * Runs the risk cycle for every active portfolio every `intervalMs`, and promptly (after
 * `debounceMs`) when positions or market data change. One cycle at a time per portfolio: a change
 * during a run schedules one more run, never an overlapping one.
 */
export interface RiskMonitorDeps {
  listActivePortfolioIds(): Promise<string[]>;
  runCycle(portfolioId: string): Promise<void>;
  onError(portfolioId: string, error: unknown): void;
  readonly intervalMs: number;
  readonly debounceMs: number;
}

export class RiskMonitor {
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Map<string, Promise<void>>();
  private readonly rerun = new Set<string>();
  private readonly dirty = new Set<string>();
  private dirtyAll = false;
  private debounce: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(private readonly deps: RiskMonitorDeps) {}

  start(): void {
    this.stopped = false;
    const tick = () => {
      void this.runAll().finally(() => { if (!this.stopped) this.timer = setTimeout(tick, this.deps.intervalMs); });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.debounce);
    await Promise.allSettled([...this.running.values()]);
  }

  /** Ask for a prompt recalculation of one portfolio, or of all when no id is given. */
  markDirty(portfolioId?: string): void {
    if (this.stopped) return;
    if (portfolioId === undefined) this.dirtyAll = true; else this.dirty.add(portfolioId);
    if (this.debounce !== undefined) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      const all = this.dirtyAll;
      const ids = [...this.dirty];
      this.dirtyAll = false;
      this.dirty.clear();
      void (all ? this.runAll() : Promise.all(ids.map((id) => this.runOne(id))));
    }, this.deps.debounceMs);
  }

  async runAll(): Promise<void> {
    let ids: string[];
    try { ids = await this.deps.listActivePortfolioIds(); } catch (e) { this.deps.onError('*', e); return; }
    await Promise.all(ids.map((id) => this.runOne(id)));
  }

  runOne(portfolioId: string): Promise<void> {
    const current = this.running.get(portfolioId);
    if (current !== undefined) { this.rerun.add(portfolioId); return current; }
    const run = (async () => {
      try { await this.deps.runCycle(portfolioId); } catch (e) { this.deps.onError(portfolioId, e); }
    })().finally(() => {
      this.running.delete(portfolioId);
      if (this.rerun.delete(portfolioId) && !this.stopped) void this.runOne(portfolioId);
    });
    this.running.set(portfolioId, run);
    return run;
  }
}
