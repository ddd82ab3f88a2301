/** @module Injects exchange faults (timeouts, 429, 5xx, disconnects, maintenance, rejections) at configured rates. */
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
  /** The connection drops for `disconnectSeconds` (`NetworkError`). */
  readonly disconnect: number;
  /** The exchange enters maintenance for `maintenanceSeconds` (`OnMaintenance`), on status checks. */
  readonly maintenance: number;
  /** An order is rejected (`InvalidOrder`), on order submissions. */
  readonly rejection: number;
}

/** Fault injection settings. */
export interface FaultConfig {
  readonly rates: FaultRates;
  /** How long a disconnect lasts. Default 3 s. */
  readonly disconnectSeconds: number;
  /** How long maintenance lasts. Default 5 s. */
  readonly maintenanceSeconds: number;
  /** Latency reported for a timed-out call. Default 10 s. */
  readonly timeoutSeconds: number;
}

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
  disconnectSeconds: 3,
  maintenanceSeconds: 5,
  timeoutSeconds: 10,
});

/** Which kind of call is being made; some faults apply to one kind only. */
export type CallKind = "status" | "order" | "cancel";

/**
 * Decides, per call, whether the exchange fails and how, with the messages a real exchange
 * behind ccxt produces. Outages (disconnects, maintenance) last a configured time on the
 * bot's clock. Draws come from its own random stream, so faults never shift the market.
 */
export class FaultInjector {
  readonly config: FaultConfig;
  readonly #random: SeededRandom;
  #disconnectedUntil = Number.NEGATIVE_INFINITY;
  #maintenanceUntil = Number.NEGATIVE_INFINITY;

  constructor(random: SeededRandom, config: FaultOptions = {}) {
    this.config = Object.freeze({
      ...defaultFaultConfig,
      ...config,
      rates: Object.freeze({ ...noFaults, ...config.rates }),
    });
    this.#random = random;
  }

  /** Returns the failure this call meets at time `now`, or undefined when it goes through. */
  failureFor(kind: CallKind, now: number, latencySeconds: number): BaseError | undefined {
    const { rates } = this.config;
    if (now < this.#disconnectedUntil) {
      return new NetworkError(
        "paper GET /api/v3/ping: socket hang up (ECONNRESET)",
        undefined,
        latencySeconds,
      );
    }
    if (now < this.#maintenanceUntil) {
      return new OnMaintenance(
        'paper {"code":-1,"msg":"System under maintenance"}',
        503,
        latencySeconds,
      );
    }
    const draw = this.#random.next();
    let threshold = rates.disconnect;
    if (draw < threshold) {
      this.#disconnectedUntil = now + this.config.disconnectSeconds * 1000;
      return new NetworkError(
        "paper GET /api/v3/ping: connect ECONNREFUSED",
        undefined,
        latencySeconds,
      );
    }
    threshold += rates.timeout;
    if (draw < threshold) {
      const seconds = this.config.timeoutSeconds;
      return new RequestTimeout(
        `paper GET /api/v3/order request timed out (${seconds * 1000} ms)`,
        undefined,
        seconds,
      );
    }
    threshold += rates.rateLimit;
    if (draw < threshold) {
      return new RateLimitExceeded(
        'paper 429 Too Many Requests {"code":-1003,"msg":"Too many requests."}',
        429,
        latencySeconds,
      );
    }
    threshold += rates.serverError;
    if (draw < threshold) {
      return new ExchangeNotAvailable("paper 503 Service Unavailable", 503, latencySeconds);
    }
    if (kind === "status") {
      threshold += rates.maintenance;
      if (draw < threshold) {
        this.#maintenanceUntil = now + this.config.maintenanceSeconds * 1000;
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
    return now < this.#disconnectedUntil;
  }

  /** Clears outages. */
  reset(): void {
    this.#disconnectedUntil = Number.NEGATIVE_INFINITY;
    this.#maintenanceUntil = Number.NEGATIVE_INFINITY;
  }
}
