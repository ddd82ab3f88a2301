/** @module Order flow imbalance of one symbol over its last ticks: signed volume over total volume, armed to report each crossing of a threshold once. */

/**
 * The order flow imbalance (OFI) of one symbol's last `size` ticks: the sum of their signed
 * volumes over the sum of their sizes, from -1 (every trade hit the bid) to 1 (every trade
 * lifted the offer) (Cont, Kukanov and Stoikov's order flow imbalance, measured on trades).
 * {@link add} returns the imbalance when it crosses `threshold` in absolute value, once per
 * excursion: it re-arms when the imbalance falls back under the threshold.
 */
export class OrderFlowWindow {
  readonly #volumes: Float64Array;
  readonly #threshold: number;
  #next = 0;
  #count = 0;
  #signed = 0;
  #total = 0;
  #armed = true;

  constructor(size: number, threshold: number) {
    this.#volumes = new Float64Array(size);
    this.#threshold = threshold;
  }

  /** Adds a tick's signed volume; returns the imbalance if this tick crossed the threshold, else NaN. */
  add(volume: number): number {
    const volumes = this.#volumes;
    if (this.#count === volumes.length) {
      const old = volumes[this.#next]!;
      this.#signed -= old;
      this.#total -= Math.abs(old);
    } else this.#count++;
    volumes[this.#next] = volume;
    this.#signed += volume;
    this.#total += Math.abs(volume);
    this.#next = (this.#next + 1) % volumes.length;
    if (this.#next === 0) this.#resum();
    if (this.#count < volumes.length || !(this.#total > 0)) return Number.NaN;
    const imbalance = this.#signed / this.#total;
    if (Math.abs(imbalance) < this.#threshold) {
      this.#armed = true;
      return Number.NaN;
    }
    if (!this.#armed) return Number.NaN;
    this.#armed = false;
    return imbalance;
  }

  /** Recomputes the sums once a lap, so that rounding in the running sums never accumulates. */
  #resum(): void {
    let signed = 0;
    let total = 0;
    for (const volume of this.#volumes) {
      signed += volume;
      total += Math.abs(volume);
    }
    this.#signed = signed;
    this.#total = total;
  }

  /** Ticks in the window (at most its size). */
  get count(): number {
    return this.#count;
  }
}
