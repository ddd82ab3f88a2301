/** @module The five circuit breakers of seed 000, each tripping on its cause and resetting when it clears. */
import { numberField } from "../../config/config-fields.js";
import { type ConfigSpec, resolveConfig } from "../../config/config-schema.js";
import type { BarReceived, ExchangeEvent } from "../events.js";
import { isErrorClass } from "../execution/exchange-errors.js";
import type { MessageBus } from "../message-bus.js";
import { switchboard } from "../switchboard.js";
import { type BreakerName, breakerNames, type Lifecycle } from "../types.js";

/** Circuit breaker settings. */
export interface CircuitBreakerConfig {
  /** `rate_limit_cooldown` stays tripped this long after the last HTTP 429. Default 120 s. */
  readonly rateLimitCooldownSeconds: number;
  /** `api_health` trips at this many consecutive failed API calls. Default 3. */
  readonly apiErrorThreshold: number;
  /** `api_health` resets after this many consecutive successful calls. Default 2. */
  readonly apiRecoverySuccesses: number;
  /** `exchange_health` trips at this many 5xx/maintenance answers within the window. Default 2. */
  readonly exchangeHealthErrorThreshold: number;
  /** The `exchange_health` window; it resets once a window passes without one. Default 300 s. */
  readonly exchangeHealthWindowSeconds: number;
  /** `volatility_crash` trips when a close falls this far below the highest recent close. Default 5 %. */
  readonly crashDropPct: number;
  /** How many recent closes per symbol the crash check looks back over. Default 5. */
  readonly crashLookbackBars: number;
  /** `volatility_crash` resets this long after the last crash bar, in market time (a quiet market). Default 600 s. */
  readonly crashRecoverySeconds: number;
}

/** Default circuit breaker settings. */
export const defaultCircuitBreakerConfig: CircuitBreakerConfig = Object.freeze({
  rateLimitCooldownSeconds: 120,
  apiErrorThreshold: 3,
  apiRecoverySuccesses: 2,
  exchangeHealthErrorThreshold: 2,
  exchangeHealthWindowSeconds: 300,
  crashDropPct: 5,
  crashLookbackBars: 5,
  crashRecoverySeconds: 600,
});

/** The rules of {@link CircuitBreakerConfig}, checked at construction. */
export const circuitBreakerConfigSpec: ConfigSpec<CircuitBreakerConfig> = Object.freeze({
  schema: {
    rateLimitCooldownSeconds: numberField({ min: 0 }),
    apiErrorThreshold: numberField({ min: 1, integer: true }),
    apiRecoverySuccesses: numberField({ min: 1, integer: true }),
    exchangeHealthErrorThreshold: numberField({ min: 1, integer: true }),
    exchangeHealthWindowSeconds: numberField({ above: 0 }),
    crashDropPct: numberField({ above: 0, max: 100 }),
    crashLookbackBars: numberField({ min: 1, integer: true }),
    crashRecoverySeconds: numberField({ min: 0 }),
  },
  defaults: defaultCircuitBreakerConfig,
});

/**
 * Watches exchange API events and bars on the bus and trips or resets the breakers:
 * `rate_limit_cooldown` on HTTP 429 (`RateLimitExceeded`) until the cooldown passes;
 * `api_health` on consecutive API failures until consecutive successes; `exchange_connectivity`
 * while the connection is down; `exchange_health` on repeated 5xx or maintenance answers
 * until a quiet window; `volatility_crash` on a sharp drop until a quiet period. Trips are
 * published at once; time-based resets when {@link CircuitBreakers.evaluate} runs.
 *
 * @example
 * const breakers = new CircuitBreakers(bus);
 * breakers.start();
 * breakers.evaluate(clock.now()); // once per cycle
 * if (breakers.anyTripped) console.log(breakers.tripped());
 */
export class CircuitBreakers implements Lifecycle {
  readonly config: CircuitBreakerConfig;
  readonly #bus: MessageBus;
  readonly #trippedAt = new Map<BreakerName, number>();
  #lastRateLimitAt = Number.NEGATIVE_INFINITY;
  #consecutiveSuccesses = 0;
  #healthFailures: number[] = [];
  /** Market time of the last crash bar, and of the latest bar seen. */
  #lastCrashAt = Number.NEGATIVE_INFINITY;
  #latestBarAt = Number.NEGATIVE_INFINITY;
  readonly #closes = new Map<string, number[]>();
  #unsubscribers: (() => void)[] = [];

  constructor(bus: MessageBus, config: Partial<CircuitBreakerConfig> = {}) {
    this.config = resolveConfig(circuitBreakerConfigSpec, config, "breakers");
    this.#bus = bus;
  }

  start(): void {
    if (this.#unsubscribers.length > 0) return;
    this.#unsubscribers = [
      this.#bus.subscribe(switchboard.exchange, (event) => this.onExchangeEvent(event)),
      this.#bus.subscribe(switchboard.allBars, (event) => this.onBar(event)),
    ];
  }

  stop(): void {
    for (const unsubscribe of this.#unsubscribers) unsubscribe();
    this.#unsubscribers = [];
  }

  reset(): void {
    this.#trippedAt.clear();
    this.#lastRateLimitAt = Number.NEGATIVE_INFINITY;
    this.#consecutiveSuccesses = 0;
    this.#healthFailures = [];
    this.#lastCrashAt = Number.NEGATIVE_INFINITY;
    this.#latestBarAt = Number.NEGATIVE_INFINITY;
    this.#closes.clear();
  }

  dispose(): void {
    this.stop();
  }

  /** Whether any breaker is tripped. */
  get anyTripped(): boolean {
    return this.#trippedAt.size > 0;
  }

  /** Whether `breaker` is tripped. */
  isTripped(breaker: BreakerName): boolean {
    return this.#trippedAt.has(breaker);
  }

  /** The tripped breakers, in seed 000's order. */
  tripped(): readonly BreakerName[] {
    return breakerNames.filter((name) => this.#trippedAt.has(name));
  }

  /** Handles an exchange API event (the bus handler). */
  onExchangeEvent(event: ExchangeEvent): void {
    const now = event.timestamp;
    switch (event.type) {
      case "ApiCallFailed": {
        this.#consecutiveSuccesses = 0;
        if (isErrorClass(event.errorClass, "RateLimitExceeded") || event.httpStatus === 429) {
          this.#lastRateLimitAt = now;
          this.#trip(
            "rate_limit_cooldown",
            now,
            `HTTP 429 from ${event.endpoint}: ${event.errorClass}`,
          );
        }
        if (event.consecutiveErrors >= this.config.apiErrorThreshold) {
          this.#trip(
            "api_health",
            now,
            `${event.consecutiveErrors} consecutive API errors (last ${event.errorClass} on ${event.endpoint})`,
          );
        }
        if (
          isErrorClass(event.errorClass, "ExchangeNotAvailable") ||
          (event.httpStatus !== undefined && event.httpStatus >= 500)
        ) {
          this.#healthFailures.push(now);
          this.#pruneHealthFailures(now);
          if (this.#healthFailures.length >= this.config.exchangeHealthErrorThreshold) {
            this.#trip(
              "exchange_health",
              now,
              `${this.#healthFailures.length} exchange unavailable answers within ${this.config.exchangeHealthWindowSeconds}s (last ${event.errorClass})`,
            );
          }
        }
        break;
      }
      case "ApiCallSucceeded":
        this.#consecutiveSuccesses++;
        if (this.#consecutiveSuccesses >= this.config.apiRecoverySuccesses)
          this.#reset("api_health", now);
        break;
      case "ExchangeConnectionChanged":
        if (event.connected) this.#reset("exchange_connectivity", now);
        else
          this.#trip(
            "exchange_connectivity",
            now,
            `${event.exchange} disconnected: ${event.reason}`,
          );
        break;
      default:
        break;
    }
  }

  /** Handles a bar (the bus handler): trips `volatility_crash` on a sharp drop. */
  onBar(event: BarReceived): void {
    const { symbol, close, timestamp } = event.bar;
    if (timestamp > this.#latestBarAt) this.#latestBarAt = timestamp;
    let closes = this.#closes.get(symbol);
    if (closes === undefined) {
      closes = [];
      this.#closes.set(symbol, closes);
    }
    let high = close;
    for (let index = 0; index < closes.length; index++)
      if (closes[index]! > high) high = closes[index]!;
    closes.push(close);
    if (closes.length > this.config.crashLookbackBars) closes.shift();
    const dropPct = (1 - close / high) * 100;
    if (dropPct >= this.config.crashDropPct) {
      this.#lastCrashAt = timestamp;
      this.#trip(
        "volatility_crash",
        event.timestamp,
        `${symbol} fell ${dropPct.toFixed(2)}% below its ${this.config.crashLookbackBars}-bar high`,
      );
    }
  }

  /**
   * Resets the breakers whose cause has cleared by `now` (operational time); the crash
   * breaker counts its quiet period in market time, up to the latest bar seen.
   */
  evaluate(now: number): void {
    if (this.#trippedAt.size === 0) return;
    if (now - this.#lastRateLimitAt >= this.config.rateLimitCooldownSeconds * 1000) {
      this.#reset("rate_limit_cooldown", now);
    }
    this.#pruneHealthFailures(now);
    if (this.#healthFailures.length === 0) this.#reset("exchange_health", now);
    if (this.#latestBarAt - this.#lastCrashAt >= this.config.crashRecoverySeconds * 1000) {
      this.#reset("volatility_crash", now);
    }
  }

  #pruneHealthFailures(now: number): void {
    const horizon = now - this.config.exchangeHealthWindowSeconds * 1000;
    while (this.#healthFailures.length > 0 && this.#healthFailures[0]! <= horizon) {
      this.#healthFailures.shift();
    }
  }

  #trip(breaker: BreakerName, now: number, reason: string): void {
    if (this.#trippedAt.has(breaker)) return;
    this.#trippedAt.set(breaker, now);
    this.#bus.publish(switchboard.risk, {
      type: "BreakerTripped",
      timestamp: now,
      breaker,
      reason,
    });
  }

  #reset(breaker: BreakerName, now: number): void {
    const trippedAt = this.#trippedAt.get(breaker);
    if (trippedAt === undefined) return;
    this.#trippedAt.delete(breaker);
    this.#bus.publish(switchboard.risk, {
      type: "BreakerReset",
      timestamp: now,
      breaker,
      trippedSeconds: Math.max((now - trippedAt) / 1000, 0),
    });
  }
}
