/** @module Quantiles over a sliding time window, kept as a ring of t-digests. */
import { TDigest } from "./t-digest.js";

/**
 * prom-client's `maxAgeSeconds` / `ageBuckets` semantics: `ageBuckets` digests each receive
 * every observation; every `maxAgeSeconds / ageBuckets` the oldest is cleared and becomes the
 * newest. Quantiles read the oldest, which covers between (1 - 1/ageBuckets) x maxAge and
 * maxAge of history.
 */
export class TimeWindowQuantiles {
  private readonly digests: TDigest[];
  private readonly rotationMilliseconds: number;
  private head = 0;
  private lastRotation: number;
  private readonly now: () => number;

  constructor(maxAgeSeconds: number, ageBuckets: number, now: () => number = Date.now) {
    this.digests = Array.from({ length: ageBuckets }, () => new TDigest());
    this.rotationMilliseconds = (maxAgeSeconds * 1000) / ageBuckets;
    this.now = now;
    this.lastRotation = now();
  }

  /** Adds one observation to every digest in the ring. */
  push(value: number): void {
    this.rotate();
    for (const digest of this.digests) digest.push(value);
  }

  /** Returns the `q` quantile over the window, or NaN when the window is empty. */
  percentile(q: number): number {
    this.rotate();
    return this.digests[this.head]!.percentile(q);
  }

  /** Returns the number of observations in the window. */
  get count(): number {
    this.rotate();
    return this.digests[this.head]!.count;
  }

  /** Forgets every observation. */
  reset(): void {
    for (const digest of this.digests) digest.reset();
    this.lastRotation = this.now();
  }

  private rotate(): void {
    const elapsed = this.now() - this.lastRotation;
    if (elapsed < this.rotationMilliseconds) return;
    const steps = Math.min(Math.floor(elapsed / this.rotationMilliseconds), this.digests.length);
    for (let step = 0; step < steps; step++) {
      this.digests[this.head]!.reset();
      this.head = (this.head + 1) % this.digests.length;
    }
    this.lastRotation +=
      Math.floor(elapsed / this.rotationMilliseconds) * this.rotationMilliseconds;
  }
}
