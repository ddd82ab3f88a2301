/** @module A bounded in-memory dead-letter queue: the market messages the feed monitor could not normalise, kept for an operator to inspect. */
import type { MarketSource } from "../types.js";

/** One message that could not be normalised, as it arrived, and why. */
export interface DeadLetter {
  /** Operational time it was dead-lettered, in milliseconds since the epoch. */
  readonly timestamp: number;
  readonly source: MarketSource;
  /** Why it could not be normalised, e.g. `price NaN is not a positive number`. */
  readonly reason: string;
  /** The message as the source delivered it. */
  readonly message: Readonly<Record<string, unknown>>;
}

/**
 * Keeps the last `capacity` dead letters, oldest first; when full, a new letter drops the
 * oldest. `total` counts every letter ever added, so `total - size` were dropped or drained.
 *
 * @example
 * const letters = bot.engine.deadLetters.entries();
 * console.log(letters.at(-1)?.reason); // "symbol "BTCUSD-PERP" is not a symbol of the market"
 */
export class DeadLetterQueue {
  readonly capacity: number;
  readonly #letters: (DeadLetter | undefined)[];
  #next = 0;
  #size = 0;
  #total = 0;

  /** `capacity` is a whole number of at least 1 (the engine's config checks it). */
  constructor(capacity: number) {
    this.capacity = capacity;
    this.#letters = new Array<DeadLetter | undefined>(capacity).fill(undefined);
  }

  /** Adds a letter, dropping the oldest when full. */
  add(letter: DeadLetter): void {
    this.#letters[this.#next] = letter;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
    this.#total++;
  }

  /** Letters held now. */
  get size(): number {
    return this.#size;
  }

  /** Letters ever added. */
  get total(): number {
    return this.#total;
  }

  /** The letters held, oldest first. */
  entries(): DeadLetter[] {
    const letters: DeadLetter[] = [];
    const start = (this.#next - this.#size + this.capacity) % this.capacity;
    for (let index = 0; index < this.#size; index++)
      letters.push(this.#letters[(start + index) % this.capacity]!);
    return letters;
  }

  /** Returns the letters held, oldest first, and empties the queue (a reprocessing job's read). */
  drain(): DeadLetter[] {
    const letters = this.entries();
    this.clear();
    return letters;
  }

  /** Empties the queue; `total` keeps counting. */
  clear(): void {
    this.#letters.fill(undefined);
    this.#next = 0;
    this.#size = 0;
  }
}
