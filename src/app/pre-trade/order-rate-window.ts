/**
 * Counts orders per portfolio over the last second: each portfolio's order times in arrival
 * order, with a moving start instead of removing from the front (no copying or new arrays in the
 * order path); the dead front is dropped in one go once it is half the list.
 */
export class OrderRateWindow {
  private readonly times = new Map<string, { list: number[]; start: number }>();

  constructor(private readonly windowMs = 1000) {}

  /** Orders seen for the portfolio in (nowMs - window, nowMs]. */
  count(portfolioId: string, nowMs: number): number {
    const w = this.times.get(portfolioId);
    if (w === undefined) return 0;
    const { list } = w;
    let start = w.start;
    while (start < list.length && (list[start] as number) <= nowMs - this.windowMs) start++;
    if (start > 64 && start * 2 >= list.length) { list.splice(0, start); start = 0; }
    w.start = start;
    return list.length - start;
  }

  /** Counts one order (call once per distinct clientOrderId, never for a replay). */
  add(portfolioId: string, nowMs: number): void {
    const w = this.times.get(portfolioId);
    if (w === undefined) this.times.set(portfolioId, { list: [nowMs], start: 0 });
    else w.list.push(nowMs);
  }
}
