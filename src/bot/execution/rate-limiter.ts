/** @module A token-bucket rate limiter on the bot's clock, as exchanges meter request weight. */
import { numberField } from "../../config/config-fields.js";
import { type ConfigSpec, resolveConfig } from "../../config/config-schema.js";
import type { Clock } from "../clock.js";

/** Rate limiter settings. */
export interface RateLimiterConfig {
  /** Requests the bucket holds when full (the burst). Default 10. */
  readonly capacity: number;
  /** Requests added back per second. Default 5. */
  readonly refillPerSecond: number;
}

/** Default rate limiter settings. */
export const defaultRateLimiterConfig: RateLimiterConfig = Object.freeze({
  capacity: 10,
  refillPerSecond: 5,
});

/** The rules of {@link RateLimiterConfig}, checked at construction. */
export const rateLimiterConfigSpec: ConfigSpec<RateLimiterConfig> = Object.freeze({
  schema: {
    capacity: numberField({ min: 1 }),
    refillPerSecond: numberField({ above: 0 }),
  },
  defaults: defaultRateLimiterConfig,
});

/**
 * Grants a request when the bucket holds a token; refills continuously with time.
 * `utilization` is the share of the bucket in use, 0..1 (seed 000's
 * `exchange_rate_limit_utilization`).
 *
 * @example
 * const limiter = new RateLimiter(clock, { capacity: 20, refillPerSecond: 10 });
 * if (limiter.tryAcquire()) await exchange.submitOrder(order);
 */
export class RateLimiter {
  readonly config: RateLimiterConfig;
  readonly #clock: Clock;
  #tokens: number;
  #updatedAt: number;

  constructor(clock: Clock, config: Partial<RateLimiterConfig> = {}) {
    this.config = resolveConfig(rateLimiterConfigSpec, config, "rateLimiter");
    this.#clock = clock;
    this.#tokens = this.config.capacity;
    this.#updatedAt = clock.now();
  }

  /** Takes `weight` tokens if available and returns whether it did. */
  tryAcquire(weight = 1): boolean {
    this.#refill();
    if (this.#tokens < weight) return false;
    this.#tokens -= weight;
    return true;
  }

  /** Tokens in use / capacity, 0..1. */
  get utilization(): number {
    this.#refill();
    return 1 - this.#tokens / this.config.capacity;
  }

  /** Tokens in use. */
  get used(): number {
    this.#refill();
    return this.config.capacity - this.#tokens;
  }

  /** Fills the bucket. */
  reset(): void {
    this.#tokens = this.config.capacity;
    this.#updatedAt = this.#clock.now();
  }

  #refill(): void {
    const now = this.#clock.now();
    const elapsed = (now - this.#updatedAt) / 1000;
    if (elapsed > 0) {
      this.#tokens = Math.min(
        this.config.capacity,
        this.#tokens + elapsed * this.config.refillPerSecond,
      );
      this.#updatedAt = now;
    }
  }
}
