/** Counts orders per portfolio over the last second (a ring of 1,000 one-millisecond slots is overkill: timestamps suffice). */
export class OrderRateWindow {
  private readonly times = new Map<string, number[]>();

  constructor(private readonly windowMs = 1000) {}

  /** Orders seen for the portfolio in (nowMs - window, nowMs]. */
  count(portfolioId: string, nowMs: number): number {
    const list = this.times.get(portfolioId);
    if (list === undefined) return 0;
    let drop = 0;
    while (drop < list.length && (list[drop] as number) <= nowMs - this.windowMs) drop++;
    if (drop > 0) list.splice(0, drop);
    return list.length;
  }

  /** Counts one order (call once per distinct clientOrderId, never for a replay). */
  add(portfolioId: string, nowMs: number): void {
    const list = this.times.get(portfolioId) ?? [];
    list.push(nowMs);
    this.times.set(portfolioId, list);
  }
}
