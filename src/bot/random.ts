/** @module A small seeded pseudo-random generator, so that the same seed gives the same trades. */

/**
 * Mulberry32: a 32-bit generator, fast and good enough for simulation (not for secrets).
 * `fork(name)` derives an independent stream, so that adding draws in one component (say,
 * fault injection) does not shift another's (the market).
 *
 * @example
 * const random = new SeededRandom(42);
 * const market = random.fork("market");
 * market.normal(); // the same value every run with seed 42
 */
export class SeededRandom {
  readonly seed: number;
  #state: number;
  #spareNormal: number | undefined;

  constructor(seed: number) {
    this.seed = seed >>> 0;
    this.#state = this.seed;
    this.#spareNormal = undefined;
  }

  /** Returns a uniform number in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Returns a uniform number in [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Returns true with probability `probability`. */
  chance(probability: number): boolean {
    return probability > 0 && this.next() < probability;
  }

  /** Returns a standard normal draw (Box-Muller, caching the second value). */
  normal(): number {
    const spare = this.#spareNormal;
    if (spare !== undefined) {
      this.#spareNormal = undefined;
      return spare;
    }
    let u = this.next();
    while (u <= Number.EPSILON) u = this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.#spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  /** Returns a new generator whose seed derives from this seed and `name`. */
  fork(name: string): SeededRandom {
    let hash = this.seed ^ 0x811c9dc5;
    for (let index = 0; index < name.length; index++) {
      hash = Math.imul(hash ^ name.charCodeAt(index), 0x01000193);
    }
    return new SeededRandom(hash >>> 0);
  }
}
