/** @module Instruments a ccxt exchange instance: REST latency by unified method, errors and their streak, rate-limit use, orders from unified order responses. */

import type { Side } from "../../../catalog/label-values.js";
import { observeCall } from "../../../recorder/observe-call.js";
import type { TradingRecorder } from "../../../recorder/trading-recorder.js";
import { RateLimitWindow } from "./rate-limit-window.js";

/** The parts of a ccxt `Exchange` the instrumentation reads; any ccxt exchange instance has them. */
export interface CcxtExchangeLike {
  readonly id?: string;
  /** Milliseconds between two requests of cost 1 (ccxt's throttle configuration). */
  readonly rateLimit?: number;
  throttle?: (cost?: number) => unknown;
  [method: string]: unknown;
}

/** Options of {@link instrumentExchange}. */
export interface InstrumentExchangeOptions {
  /** Unified methods to instrument; default: every `fetch*`, `create*`, `cancel*`, `edit*` method the instance has. */
  readonly methods?: readonly string[];
  /** Window over which rate-limit utilisation is measured, in seconds (default 10). */
  readonly rateLimitWindowSeconds?: number;
}

const unifiedMethod = /^(fetch|create|cancel|edit|withdraw|transfer)[A-Z]/;
const orderMethods = new Set(["createOrder", "editOrder", "cancelOrder", "fetchOrder"]);
const orderListMethods = new Set([
  "fetchOrders",
  "fetchOpenOrders",
  "fetchClosedOrders",
  "fetchCanceledOrders",
]);
const trackedOrderLimit = 10_000;
const instrumented = Symbol.for("tradewatch.instrumentExchange");

/** ccxt's `fetchOrderBook` as the catalog's endpoint label `fetch_order_book`. */
export function endpointOf(method: string): string {
  return method.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

interface UnifiedOrder {
  readonly id?: string;
  readonly symbol?: string;
  readonly side?: string;
  readonly status?: string;
  readonly amount?: number;
  readonly price?: number;
  readonly cost?: number;
  /** When the order was placed, epoch ms. */
  readonly timestamp?: number;
  /** When it last traded (its fill, for a closed order), epoch ms. */
  readonly lastTradeTimestamp?: number;
}

/**
 * Instruments `exchange` in place and returns it. Every unified REST method (`fetchTicker`,
 * `createOrder`, ...) records its latency and request count under its snake_case name as the
 * `endpoint` label (configure the names in the recorder's `endpoint` universe), its errors by
 * normalised type (once per error, also when it passed through nested unified calls) and the
 * consecutive-error streak (reset by any success). Each REST request's throttle cost feeds
 * `rate_limit_utilization`: the cost spent over the window against what `rateLimit` allows.
 * Orders come from the unified order structures: `createOrder` counts a placed order (a
 * `closed` one is also filled, a `rejected` one a rejection), an order later seen `closed` or
 * `canceled` by `fetchOrder`/`fetchOrders`/`cancelOrder` counts once, a fill also observing
 * its placement-to-fill time by symbol (`order_symbol_fill_duration_seconds`, from the
 * order's `timestamp` and `lastTradeTimestamp`); an order refused with
 * `InsufficientFunds` or `InvalidOrder` is a rejection. Instrumenting twice is a no-op.
 *
 * @example
 * const exchange = instrumentExchange(new ccxt.binance({ apiKey, secret }), recorder);
 * await exchange.createOrder("BTC/USDT", "limit", "buy", 0.01, 60_000);
 */
export function instrumentExchange<E extends object>(
  exchange: E,
  recorder: TradingRecorder,
  options: InstrumentExchangeOptions = {},
): E {
  const target = exchange as unknown as CcxtExchangeLike;
  if (target[instrumented as unknown as string] === true) return exchange;
  Object.defineProperty(target, instrumented, { value: true });
  const seenErrors = new WeakSet<object>();
  const orderStates = new Map<string, string>();
  const window = new RateLimitWindow((options.rateLimitWindowSeconds ?? 10) * 1000);

  const throttle = target.throttle;
  if (typeof throttle === "function") {
    target.throttle = function instrumentedThrottle(this: unknown, cost?: number) {
      const rateLimit = typeof target.rateLimit === "number" ? target.rateLimit : 0;
      window.add(cost ?? 1);
      if (rateLimit > 0) recorder.recordRateLimitUtilization(window.utilization(rateLimit));
      return Reflect.apply(throttle, this, [cost]);
    };
  }

  const remember = (order: UnifiedOrder, status: string) => {
    if (order.id === undefined) return;
    if (orderStates.size >= trackedOrderLimit && !orderStates.has(order.id)) {
      const oldest = orderStates.keys().next().value;
      if (oldest !== undefined) orderStates.delete(oldest);
    }
    orderStates.set(order.id, status);
  };

  /** Counts the transitions of an order placed through this exchange (placed, then filled or canceled once). */
  const observeOrder = (order: UnifiedOrder, placed: boolean) => {
    if (order === null || typeof order !== "object") return;
    const symbol = order.symbol ?? "other";
    const side: Side = order.side === "sell" ? "sell" : "buy";
    const status = order.status ?? "open";
    if (placed) {
      if (status === "rejected") {
        recorder.recordOrderRejection("rejected by the exchange");
        return;
      }
      const notional = order.cost || (order.amount ?? 0) * (order.price ?? 0);
      recorder.recordOrderPlaced(symbol, side, notional > 0 ? notional : undefined);
      remember(order, "open");
    } else {
      const previous = order.id === undefined ? undefined : orderStates.get(order.id);
      if (previous !== "open") return;
    }
    if (status === "closed") {
      recorder.recordOrderFilled(symbol, side);
      if (typeof order.timestamp === "number" && typeof order.lastTradeTimestamp === "number") {
        const seconds = Math.max(order.lastTradeTimestamp - order.timestamp, 0) / 1000;
        recorder.observe("order_symbol_fill_duration", seconds, { symbol });
      }
      remember(order, "closed");
    } else if (status === "canceled" || status === "cancelled" || status === "expired") {
      recorder.recordOrderCanceled(symbol);
      remember(order, "canceled");
    }
  };

  const methods = options.methods ?? unifiedMethods(target);
  for (const method of methods) {
    const original = target[method];
    if (typeof original !== "function") continue;
    const endpoint = endpointOf(method);
    const isOrder = orderMethods.has(method);
    const isOrderList = orderListMethods.has(method);
    target[method] = function instrumentedMethod(this: unknown, ...args: unknown[]) {
      const result = observeCall(
        original as (...a: unknown[]) => unknown,
        this,
        args,
        (failed, thrown, seconds) => {
          recorder.recordApiRequest(endpoint, seconds);
          if (!failed) {
            recorder.resetConsecutiveApiErrors();
            return;
          }
          if (thrown !== null && typeof thrown === "object") {
            if (seenErrors.has(thrown)) return;
            seenErrors.add(thrown);
          }
          recorder.recordApiError(thrown, undefined, endpoint);
          if (method === "createOrder" && isOrderRefusal(thrown)) {
            recorder.recordOrderRejection(thrown);
          }
        },
      );
      if (!isOrder && !isOrderList) return result;
      return Promise.resolve(result).then((value) => {
        if (isOrderList && Array.isArray(value)) {
          for (const order of value) observeOrder(order as UnifiedOrder, false);
        } else if (isOrder) {
          observeOrder(value as UnifiedOrder, method === "createOrder");
        }
        return value;
      });
    };
  }
  return exchange;
}

/** The unified REST methods an instance has: `has[method]` not false and a function on it. */
function unifiedMethods(target: CcxtExchangeLike): string[] {
  const has = (target.has ?? {}) as Record<string, unknown>;
  const names = new Set<string>();
  for (const name of Object.keys(has)) {
    if (unifiedMethod.test(name) && has[name] !== false && typeof target[name] === "function") {
      if (!name.startsWith("fetchWs") && !name.endsWith("Ws")) names.add(name);
    }
  }
  return [...names];
}

/** ccxt refuses an order it will not place with InsufficientFunds or InvalidOrder (and its subclasses). */
function isOrderRefusal(error: unknown): boolean {
  let prototype = error === null || typeof error !== "object" ? null : Object.getPrototypeOf(error);
  while (prototype !== null && prototype !== Object.prototype) {
    const name = (prototype as { constructor?: { name?: string } }).constructor?.name;
    if (name === "InsufficientFunds" || name === "InvalidOrder") return true;
    prototype = Object.getPrototypeOf(prototype);
  }
  return false;
}
