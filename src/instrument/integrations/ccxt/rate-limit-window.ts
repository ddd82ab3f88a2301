/** @module A sliding window of throttle costs, measured against an exchange's rate limit. */

/** The throttle costs spent over the last `windowMs` milliseconds. */
export class RateLimitWindow {
  private readonly windowMs: number;
  private readonly times: number[] = [];
  private readonly costs: number[] = [];
  private head = 0;
  private total = 0;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  /** Adds a request of `cost` at `now` (milliseconds). */
  add(cost: number, now = performance.now()): void {
    this.expire(now);
    this.times.push(now);
    this.costs.push(cost);
    this.total += cost;
  }

  /**
   * The share of the rate limit spent over the window, 0-1: the costs spent against the
   * window's capacity when one unit of cost is allowed every `rateLimitMs` milliseconds.
   */
  utilization(rateLimitMs: number, now = performance.now()): number {
    this.expire(now);
    const capacity = this.windowMs / rateLimitMs;
    return Math.min(1, Math.max(0, this.total / capacity));
  }

  private expire(now: number): void {
    while (this.head < this.times.length && (this.times[this.head] ?? now) <= now - this.windowMs) {
      this.total -= this.costs[this.head] ?? 0;
      this.head += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.costs.splice(0, this.head);
      this.head = 0;
    }
  }
}
