/** @module One resolution of the dashboard's history: fixed-size ring buffers of aligned columns. */

/**
 * Holds the newest `capacity` points of every series at one resolution, in ring buffers
 * that share one time column: appending never allocates once a series' column exists, and
 * the memory held is `capacity × (columns + 1) × 8` bytes whatever the run length. A series
 * first seen after others gets NaN for the points before it existed.
 */
export class HistoryTier {
  readonly capacity: number;
  readonly #times: Float64Array;
  readonly #columns = new Map<string, Float64Array>();
  #head = 0;
  #size = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.#times = new Float64Array(capacity);
  }

  /** Points held (at most `capacity`). */
  get size(): number {
    return this.#size;
  }

  /** Series held. */
  get columnCount(): number {
    return this.#columns.size;
  }

  /** Whether a column exists for `key`. */
  has(key: string): boolean {
    return this.#columns.has(key);
  }

  /** Creates the column of `key`, NaN for every point already held. */
  addColumn(key: string): void {
    if (this.#columns.has(key)) return;
    this.#columns.set(key, new Float64Array(this.capacity).fill(Number.NaN));
  }

  /**
   * Appends one point at `timeMs`; `valueFor` gives each column's value (NaN when the series
   * had none). Overwrites the oldest point once full.
   */
  append(timeMs: number, valueFor: (key: string) => number): void {
    const index = this.#head;
    this.#times[index] = timeMs;
    for (const [key, column] of this.#columns) column[index] = valueFor(key);
    this.#head = (index + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
  }

  /** Physical index of the `position`-th oldest point (0 = oldest held). */
  #physical(position: number): number {
    return (this.#head - this.#size + position + this.capacity) % this.capacity;
  }

  /** Time in ms of the `position`-th oldest point. */
  timeAt(position: number): number {
    return this.#times[this.#physical(position)]!;
  }

  /** Value of `key` at the `position`-th oldest point; NaN when the column does not exist. */
  valueAt(key: string, position: number): number {
    const column = this.#columns.get(key);
    return column === undefined ? Number.NaN : column[this.#physical(position)]!;
  }

  /** Position of the oldest point strictly after `afterMs` (`size` when none is). */
  firstPositionAfter(afterMs: number): number {
    let low = 0;
    let high = this.#size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.timeAt(middle) <= afterMs) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The keys of every column. */
  keys(): IterableIterator<string> {
    return this.#columns.keys();
  }
}
