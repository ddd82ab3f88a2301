/** @module Injects exchange faults: per-call errors (timeouts, 429, 5xx, rejections) and outages of wall-clock length (disconnects, maintenance, error storms). */
import { TradewatchError } from "../../../errors.js";
import type { SeededRandom } from "../../random.js";
import {
  type BaseError,
  ExchangeNotAvailable,
  InvalidOrder,
  NetworkError,
  OnMaintenance,
  RateLimitExceeded,
  RequestTimeout,
} from "../exchange-errors.js";

/** Probability of each fault per API call, 0..1. */
export interface FaultRates {
  /** The call times out (`RequestTimeout`). */
  readonly timeout: number;
  /** HTTP 429 (`RateLimitExceeded`). */
  readonly rateLimit: number;
  /** HTTP 503 (`ExchangeNotAvailable`). */
  readonly serverError: number;
  /** The connection drops (`NetworkError`) for a time drawn from `disconnectSeconds`. */
  readonly disconnect: number;
  /** The exchange enters maintenance (`OnMaintenance`) for a time drawn from `maintenanceSeconds`, on status checks. */
  readonly maintenance: number;
  /** An order is rejected (`InvalidOrder`), on order submissions. */
  readonly rejection: number;
}

/**
 * How long an outage lasts, in seconds of operational (wall-clock) time: each outage draws
 * its length log-uniformly between `min` and `max`, so short blips are common and
 * minutes-long outages happen, as on real exchanges.
 */
export interface DurationRange {
  readonly min: number;
  readonly max: number;
}

/** Fault injection settings. */
export interface FaultConfig {
  readonly rates: FaultRates;
  /** How long a disconnect lasts. Default 5 s to 3 min. */
  readonly disconnectSeconds: DurationRange;
  /** How long maintenance lasts. Default 30 s to 5 min. */
  readonly maintenanceSeconds: DurationRange;
  /** Latency reported for a timed-out call. Default 10 s. */
  readonly timeoutSeconds: number;
  /** Share of calls that fail (5xx or timeout) during an `api_errors` outage. Default 0.8. */
  readonly stormErrorRate: number;
}

/**
 * Outages an operator (or a fault schedule) can start: the connection down, maintenance,
 * an error storm (most calls fail with 5xx or time out), or every call rate-limited.
 */
export const outageKinds = ["disconnect", "maintenance", "api_errors", "rate_limit"] as const;
export type OutageKind = (typeof outageKinds)[number];

/** Fault settings as callers give them: any subset, rates included. */
export type FaultOptions = Partial<Omit<FaultConfig, "rates">> & {
  readonly rates?: Partial<FaultRates> | undefined;
};

/** No faults. */
export const noFaults: FaultRates = Object.freeze({
  timeout: 0,
  rateLimit: 0,
  serverError: 0,
  disconnect: 0,
  maintenance: 0,
  rejection: 0,
});

/** Default fault settings: no faults. */
export const defaultFaultConfig: FaultConfig = Object.freeze({
  rates: noFaults,
  disconnectSeconds: Object.freeze({ min: 5, max: 180 }),
  maintenanceSeconds: Object.freeze({ min: 30, max: 300 }),
  timeoutSeconds: 10,
  stormErrorRate: 0.8,
});

/** Which kind of call is being made; some faults apply to one kind only. */
export type CallKind = "status" | "order" | "cancel";

/**
 * Decides, per call, whether the exchange fails and how, with the messages a real exchange
 * behind ccxt produces. Outages last their drawn length in the bot's operational time (the
 * wall clock when running live or on paper, market time in a backtest), or as long as
 * {@link FaultInjector.beginOutage} says. Draws come from the injector's own random stream,
 * so faults never shift the market.
 */
export class FaultInjector {
  readonly config: FaultConfig;
  readonly #random: SeededRandom;
  /** End of the current outage of each kind (operational ms); -Infinity when none. */
  readonly #until: Record<OutageKind, number> = {
    disconnect: Number.NEGATIVE_INFINITY,
    maintenance: Number.NEGATIVE_INFINITY,
    api_errors: Number.NEGATIVE_INFINITY,
    rate_limit: Number.NEGATIVE_INFINITY,
  };

  constructor(random: SeededRandom, config: FaultOptions = {}) {
    this.config = Object.freeze({
      ...defaultFaultConfig,
      ...config,
      rates: Object.freeze({ ...noFaults, ...config.rates }),
    });
    for (const key of ["disconnectSeconds", "maintenanceSeconds"] as const) {
      const range = this.config[key];
      if (!(range.min > 0 && range.max >= range.min && Number.isFinite(range.max))) {
        throw new TradewatchError(
          "ERR_INVALID_CONFIG",
          `Invalid faults.${key} ${range.min}-${range.max}: must be 0 < min <= max seconds`,
        );
      }
    }
    this.#random = random;
  }

  /** Starts (or extends) an outage of `kind` from `now` for `seconds` of operational time. */
  beginOutage(kind: OutageKind, now: number, seconds: number): void {
    this.#until[kind] = Math.max(this.#until[kind], now + seconds * 1000);
  }

  /** Ends every outage at once (a fault schedule's healthy phase). */
  endOutages(): void {
    for (const kind of outageKinds) this.#until[kind] = Number.NEGATIVE_INFINITY;
  }

  /** The outages in force at `now`. */
  outagesAt(now: number): OutageKind[] {
    return outageKinds.filter((kind) => now < this.#until[kind]);
  }

  /** Returns the failure this call meets at time `now`, or undefined when it goes through. */
  failureFor(kind: CallKind, now: number, latencySeconds: number): BaseError | undefined {
    const { rates } = this.config;
    if (now < this.#until.disconnect) {
      return new NetworkError(
        "paper GET /api/v3/ping: socket hang up (ECONNRESET)",
        undefined,
        latencySeconds,
      );
    }
    if (now < this.#until.maintenance) {
      return new OnMaintenance(
        'paper {"code":-1,"msg":"System under maintenance"}',
        503,
        latencySeconds,
      );
    }
    if (now < this.#until.rate_limit) return rateLimited(latencySeconds);
    const draw = this.#random.next();
    if (now < this.#until.api_errors && draw < this.config.stormErrorRate) {
      // Half of a storm's failures time out, half answer 503.
      return draw < this.config.stormErrorRate / 2
        ? timedOut(this.config.timeoutSeconds)
        : new ExchangeNotAvailable("paper 503 Service Unavailable", 503, latencySeconds);
    }
    let threshold = rates.disconnect;
    if (draw < threshold) {
      this.beginOutage("disconnect", now, this.#duration(this.config.disconnectSeconds));
      return new NetworkError(
        "paper GET /api/v3/ping: connect ECONNREFUSED",
        undefined,
        latencySeconds,
      );
    }
    threshold += rates.timeout;
    if (draw < threshold) return timedOut(this.config.timeoutSeconds);
    threshold += rates.rateLimit;
    if (draw < threshold) return rateLimited(latencySeconds);
    threshold += rates.serverError;
    if (draw < threshold) {
      return new ExchangeNotAvailable("paper 503 Service Unavailable", 503, latencySeconds);
    }
    if (kind === "status") {
      threshold += rates.maintenance;
      if (draw < threshold) {
        this.beginOutage("maintenance", now, this.#duration(this.config.maintenanceSeconds));
        return new OnMaintenance(
          'paper {"code":-1,"msg":"System under maintenance"}',
          503,
          latencySeconds,
        );
      }
    }
    if (kind === "order") {
      threshold += rates.rejection;
      if (draw < threshold) {
        return new InvalidOrder(
          'paper {"code":-1013,"msg":"Filter failure: PRICE_FILTER"}',
          400,
          latencySeconds,
        );
      }
    }
    return undefined;
  }

  /** Whether the connection is down at `now`. */
  isDisconnected(now: number): boolean {
    return now < this.#until.disconnect;
  }

  /** Clears outages. */
  reset(): void {
    this.endOutages();
  }

  /** Draws an outage length in seconds, log-uniformly within `range`. */
  #duration(range: DurationRange): number {
    return range.min * (range.max / range.min) ** this.#random.next();
  }
}

function timedOut(seconds: number): RequestTimeout {
  return new RequestTimeout(
    `paper GET /api/v3/order request timed out (${seconds * 1000} ms)`,
    undefined,
    seconds,
  );
}

function rateLimited(latencySeconds: number): RateLimitExceeded {
  return new RateLimitExceeded(
    'paper 429 Too Many Requests {"code":-1003,"msg":"Too many requests."}',
    429,
    latencySeconds,
  );
}
