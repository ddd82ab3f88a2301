/** @module Bounded error-type label values: an error's class name, capped to a fixed set. */

/** Options of {@link ErrorTypeNormalizer}. */
export interface ErrorTypeOptions {
  /** The only error types reported as themselves; all others become `other`. */
  readonly allowed?: readonly string[] | undefined;
  /** Without `allowed`: how many distinct error types are admitted before new ones become `other`. Default 20. */
  readonly maxTypes?: number | undefined;
}

const OTHER = "other";
const NON_ERROR = "non_error";

/**
 * Maps a thrown value to a bounded `error_type` label value: the error's `name` (its class
 * name for built-in and ccxt errors, e.g. `RateLimitExceeded`), restricted to `[A-Za-z0-9_]`.
 * Values that are not `Error`s become `non_error`. Either an allow-list or a cap on distinct
 * types keeps the label's cardinality bounded; past it, `other`.
 *
 * @example
 * const errorType = new ErrorTypeNormalizer({ maxTypes: 10 });
 * errorType.of(new TypeError("bad")); // "TypeError"
 */
export class ErrorTypeNormalizer {
  readonly #allowed: ReadonlySet<string> | undefined;
  readonly #maxTypes: number;
  readonly #seen = new Set<string>();

  constructor(options: ErrorTypeOptions = {}) {
    this.#allowed = options.allowed === undefined ? undefined : new Set(options.allowed);
    this.#maxTypes = options.maxTypes ?? 20;
  }

  /** Returns the label value for this thrown value. */
  of(thrown: unknown): string {
    if (!(thrown instanceof Error)) return NON_ERROR;
    const name = sanitize(thrown.name || thrown.constructor?.name || "Error");
    if (this.#allowed !== undefined) return this.#allowed.has(name) ? name : OTHER;
    if (this.#seen.has(name)) return name;
    if (this.#seen.size >= this.#maxTypes) return OTHER;
    this.#seen.add(name);
    return name;
  }
}

function sanitize(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 64);
  return cleaned === "" ? "Error" : cleaned;
}
