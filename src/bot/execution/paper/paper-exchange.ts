/** @module The paper exchange: market and limit orders, balances, fees, slippage, partial fills, latency, faults. */
import { numberField, probabilityField } from "../../../config/config-fields.js";
import { type ConfigSpec, resolveConfig, sectionField } from "../../../config/config-schema.js";
import type { Clock } from "../../clock.js";
import { SeededRandom } from "../../random.js";
import type { Bar, OrderSide } from "../../types.js";
import { InsufficientFunds, InvalidOrder, OrderNotFound } from "../exchange-errors.js";
import type {
  ApiResponse,
  ExecutionClient,
  ExecutionReport,
  FillReport,
  OrderRequest,
} from "../execution-client.js";
import {
  type CallKind,
  type DurationRange,
  defaultFaultConfig,
  FaultInjector,
  type FaultOptions,
  type FaultRates,
  noFaults,
} from "./fault-injector.js";
import { FillModel, type FillModelConfig, fillModelConfigSpec } from "./fill-model.js";

/** Paper exchange settings. */
export interface PaperExchangeConfig {
  /** Quote-currency balance the account starts with. Default 100 000. */
  readonly initialCash: number;
  /** Seed of the exchange's random streams (latency, noise, faults). Default 1. */
  readonly seed: number;
  /** Median acknowledgement latency. Default 40 ms. */
  readonly ackLatencyMs: number;
  /** Median latency from acknowledgement to each fill part. Default 15 ms. */
  readonly fillLatencyMs: number;
  /** Median latency of a status call. Default 25 ms. */
  readonly statusLatencyMs: number;
  /** Log-normal spread of latencies (sigma of the log). Default 0.5. */
  readonly latencySigma: number;
  /** A resting limit order expires after this long. Default 300 s. */
  readonly limitOrderTtlSeconds: number;
  /** Smallest order notional the exchange accepts. Default 1. */
  readonly minNotional: number;
  readonly fillModel: Partial<FillModelConfig>;
  readonly faults: FaultOptions;
}

/** Default paper exchange settings. */
export const defaultPaperExchangeConfig: PaperExchangeConfig = Object.freeze({
  initialCash: 100_000,
  seed: 1,
  ackLatencyMs: 40,
  fillLatencyMs: 15,
  statusLatencyMs: 25,
  latencySigma: 0.5,
  limitOrderTtlSeconds: 300,
  minNotional: 1,
  fillModel: Object.freeze({}),
  faults: Object.freeze({}),
});

/** The rules of fault rates: each a probability per API call. */
export const faultRatesSpec: ConfigSpec<FaultRates> = Object.freeze({
  schema: {
    timeout: probabilityField,
    rateLimit: probabilityField,
    serverError: probabilityField,
    disconnect: probabilityField,
    maintenance: probabilityField,
    rejection: probabilityField,
  },
  defaults: noFaults,
});

/** The rules of a duration range in seconds: 0 < min <= max. */
function durationRangeSpec(defaults: DurationRange): ConfigSpec<DurationRange> {
  return Object.freeze({
    schema: { min: numberField({ above: 0 }), max: numberField({ above: 0 }) },
    defaults,
    refine: (range: DurationRange) =>
      range.max < range.min ? [["max", `must be at least min (${range.min})`] as const] : [],
  });
}

/** The rules of the paper exchange's fault injection. */
export const faultOptionsSpec: ConfigSpec<FaultOptions> = Object.freeze({
  schema: {
    rates: sectionField(faultRatesSpec),
    disconnectSeconds: sectionField(durationRangeSpec(defaultFaultConfig.disconnectSeconds)),
    maintenanceSeconds: sectionField(durationRangeSpec(defaultFaultConfig.maintenanceSeconds)),
    timeoutSeconds: numberField({ min: 0 }),
    stormErrorRate: probabilityField,
  },
  defaults: defaultFaultConfig,
});

/** The rules of {@link PaperExchangeConfig}, checked at construction. */
export const paperExchangeConfigSpec: ConfigSpec<PaperExchangeConfig> = Object.freeze({
  schema: {
    initialCash: numberField({ above: 0 }),
    seed: numberField({ integer: true }),
    ackLatencyMs: numberField({ min: 0 }),
    fillLatencyMs: numberField({ min: 0 }),
    statusLatencyMs: numberField({ min: 0 }),
    latencySigma: numberField({ min: 0 }),
    limitOrderTtlSeconds: numberField({ above: 0 }),
    minNotional: numberField({ min: 0 }),
    fillModel: sectionField(fillModelConfigSpec),
    faults: sectionField(faultOptionsSpec),
  },
  defaults: defaultPaperExchangeConfig,
});

interface RestingOrder {
  readonly request: OrderRequest;
  readonly exchangeOrderId: string;
  readonly limitPrice: number;
  readonly expiresAt: number;
  readonly acknowledgedAt: number;
  filled: number;
  /** Quote currency (buys) or base quantity (sells) held for this order. */
  reserved: number;
}

/**
 * A simulated spot exchange that keeps its own balances, as a real one does: a buy needs
 * free quote currency, a sell needs free base quantity, a resting order reserves what it
 * may use. Market orders fill immediately (in parts when they are large against the last
 * bar's volume); limit orders rest and fill against later bars, or expire. Every call has
 * a simulated latency and may meet an injected fault.
 *
 * @example
 * const exchange = new PaperExchange(clock, { seed: 7, faults: { rates: { rateLimit: 0.05 } } });
 * exchange.onBar(bar);
 * const { value: reports } = await exchange.submitOrder(request);
 */
export class PaperExchange implements ExecutionClient {
  readonly name = "paper";
  readonly config: PaperExchangeConfig;
  readonly fillModel: FillModel;
  readonly #clock: Clock;
  #random!: SeededRandom;
  #faults!: FaultInjector;
  #quote = 0;
  readonly #base = new Map<string, number>();
  readonly #lastBars = new Map<string, Bar>();
  readonly #resting = new Map<string, RestingOrder>();
  #reports: ExecutionReport[] = [];
  #sequence = 0;
  #trades = 0;

  constructor(clock: Clock, config: Partial<PaperExchangeConfig> = {}) {
    this.config = resolveConfig(paperExchangeConfigSpec, config, "exchange");
    this.#clock = clock;
    this.fillModel = new FillModel(this.config.fillModel);
    this.reset();
  }

  start(): void {}

  stop(): void {}

  reset(): void {
    const random = new SeededRandom(this.config.seed);
    this.#random = random.fork("paper-exchange");
    this.#faults = new FaultInjector(random.fork("faults"), this.config.faults);
    this.#quote = this.config.initialCash;
    this.#base.clear();
    this.#lastBars.clear();
    this.#resting.clear();
    this.#reports = [];
    this.#sequence = 0;
    this.#trades = 0;
  }

  dispose(): void {
    this.#resting.clear();
    this.#reports = [];
  }

  /** The fault injector, to start or end outages (a fault schedule, a drill). */
  get faults(): FaultInjector {
    return this.#faults;
  }

  /** Free quote-currency balance (not reserved by open buy orders). */
  get freeCash(): number {
    let reserved = 0;
    for (const order of this.#resting.values()) {
      if (order.request.side === "buy") reserved += order.reserved;
    }
    return this.#quote - reserved;
  }

  /** Total quote-currency balance. */
  get cash(): number {
    return this.#quote;
  }

  /**
   * Sets the account's balances to a restored account's (a journal's cash and holdings), as
   * after a restart the exchange still holds what the account held. Open orders are not
   * restored: a paper exchange's resting orders end with the process.
   */
  restoreBalances(balances: {
    readonly cash: number;
    readonly holdings: ReadonlyMap<string, number>;
  }): void {
    this.#quote = balances.cash;
    this.#base.clear();
    for (const [symbol, quantity] of balances.holdings)
      if (quantity > 0) this.#base.set(symbol, quantity);
  }

  /** Base balance held of `symbol`. */
  balanceOf(symbol: string): number {
    return this.#base.get(symbol) ?? 0;
  }

  async fetchStatus(): Promise<ApiResponse<"ok">> {
    const latencySeconds = this.#latency(this.config.statusLatencyMs);
    this.#failIfFaulted("status", latencySeconds);
    return { value: "ok", latencySeconds };
  }

  async submitOrder(request: OrderRequest): Promise<ApiResponse<readonly ExecutionReport[]>> {
    const now = this.#clock.now();
    const ackSeconds = this.#latency(this.config.ackLatencyMs);
    this.#failIfFaulted("order", ackSeconds);
    const bar = this.#lastBars.get(request.symbol);
    if (bar === undefined) {
      throw new InvalidOrder(
        `paper ${request.symbol}: no market data for this symbol`,
        400,
        ackSeconds,
      );
    }
    if (!(request.quantity > 0)) {
      throw new InvalidOrder(
        `paper order quantity ${request.quantity} must be positive`,
        400,
        ackSeconds,
      );
    }
    const price = request.type === "limit" ? request.limitPrice : bar.close;
    if (price === undefined || !(price > 0)) {
      throw new InvalidOrder(
        `paper limit order ${request.clientOrderId} needs a positive price`,
        400,
        ackSeconds,
      );
    }
    if (request.quantity * price < this.config.minNotional) {
      throw new InvalidOrder(
        `paper {"code":-1013,"msg":"Filter failure: NOTIONAL"} (${(request.quantity * price).toFixed(2)} < ${this.config.minNotional})`,
        400,
        ackSeconds,
      );
    }
    const exchangeOrderId = `P${++this.#sequence}`;
    const ackAt = now + ackSeconds * 1000;
    const reports: ExecutionReport[] = [
      {
        kind: "acknowledged",
        clientOrderId: request.clientOrderId,
        exchangeOrderId,
        timestamp: ackAt,
        latencySeconds: ackSeconds,
      },
    ];
    if (request.type === "market") {
      this.#fillMarket(request, exchangeOrderId, bar, ackAt, reports);
    } else {
      this.#rest(request, exchangeOrderId, price, ackAt);
    }
    return { value: reports, latencySeconds: ackSeconds };
  }

  async cancelOrder(clientOrderId: string): Promise<ApiResponse<readonly ExecutionReport[]>> {
    const latencySeconds = this.#latency(this.config.ackLatencyMs);
    this.#failIfFaulted("cancel", latencySeconds);
    const order = this.#resting.get(clientOrderId);
    if (order === undefined) {
      throw new OrderNotFound(`paper order ${clientOrderId} not found`, 400, latencySeconds);
    }
    this.#resting.delete(clientOrderId);
    return {
      value: [
        {
          kind: "cancelled",
          clientOrderId,
          exchangeOrderId: order.exchangeOrderId,
          timestamp: this.#clock.now() + latencySeconds * 1000,
          reason: "cancelled",
          filledQuantity: order.filled,
        },
      ],
      latencySeconds,
    };
  }

  drainReports(): readonly ExecutionReport[] {
    if (this.#reports.length === 0) return [];
    const reports = this.#reports;
    this.#reports = [];
    return reports;
  }

  openOrderIds(): readonly string[] {
    return [...this.#resting.keys()];
  }

  onBar(bar: Bar): void {
    this.#lastBars.set(bar.symbol, bar);
    if (this.#resting.size === 0) return;
    const now = this.#clock.now();
    for (const [id, order] of this.#resting) {
      if (order.request.symbol !== bar.symbol) continue;
      const remaining = order.request.quantity - order.filled;
      const quantity = this.fillModel.limitFillQuantity(
        order.request.side,
        order.limitPrice,
        remaining,
        bar,
      );
      if (quantity > 0) {
        const fee = this.fillModel.makerFee(quantity, order.limitPrice);
        this.#settle(order.request.side, order.request.symbol, quantity, order.limitPrice, fee);
        if (order.request.side === "buy") order.reserved -= quantity * order.limitPrice + fee;
        else order.reserved -= quantity;
        order.filled += quantity;
        const left = order.request.quantity - order.filled;
        const complete = left <= order.request.quantity * 1e-12;
        this.#reports.push({
          kind: "fill",
          clientOrderId: id,
          exchangeOrderId: order.exchangeOrderId,
          tradeId: `T${++this.#trades}`,
          timestamp: now,
          quantity,
          price: order.limitPrice,
          fee,
          liquidity: "maker",
          filledQuantity: order.filled,
          remainingQuantity: complete ? 0 : left,
          latencySeconds: Math.max((now - order.acknowledgedAt) / 1000, 0),
        });
        if (complete) this.#resting.delete(id);
      } else if (now >= order.expiresAt) {
        this.#resting.delete(id);
        this.#reports.push({
          kind: "cancelled",
          clientOrderId: id,
          exchangeOrderId: order.exchangeOrderId,
          timestamp: now,
          reason: "expired",
          filledQuantity: order.filled,
        });
      }
    }
  }

  #fillMarket(
    request: OrderRequest,
    exchangeOrderId: string,
    bar: Bar,
    ackAt: number,
    reports: ExecutionReport[],
  ): void {
    const plan = this.fillModel.marketFills(
      request.side,
      request.quantity,
      bar.close,
      bar.volume,
      this.#random,
    );
    if (request.side === "buy") {
      let cost = 0;
      for (const part of plan) cost += part.quantity * part.price + part.fee;
      if (cost > this.freeCash) {
        throw new InsufficientFunds(
          `paper Account has insufficient balance for requested action: needs ${cost.toFixed(2)} USD, free ${this.freeCash.toFixed(2)}`,
          400,
        );
      }
    } else if (request.quantity > this.#freeBase(request.symbol) * (1 + 1e-12)) {
      throw new InsufficientFunds(
        `paper Account has insufficient balance for requested action: sell ${request.quantity} ${request.symbol}, free ${this.#freeBase(request.symbol)}`,
        400,
      );
    }
    let filled = 0;
    let at = ackAt;
    let sinceAck = 0;
    for (let index = 0; index < plan.length; index++) {
      const part = plan[index]!;
      const latency = this.#latency(this.config.fillLatencyMs);
      sinceAck += latency;
      at += latency * 1000;
      filled += part.quantity;
      const last = index === plan.length - 1;
      this.#settle(request.side, request.symbol, part.quantity, part.price, part.fee);
      const fill: FillReport = {
        kind: "fill",
        clientOrderId: request.clientOrderId,
        exchangeOrderId,
        tradeId: `T${++this.#trades}`,
        timestamp: at,
        quantity: part.quantity,
        price: part.price,
        fee: part.fee,
        liquidity: "taker",
        filledQuantity: last ? request.quantity : filled,
        remainingQuantity: last ? 0 : request.quantity - filled,
        latencySeconds: sinceAck,
      };
      reports.push(fill);
    }
  }

  #rest(request: OrderRequest, exchangeOrderId: string, limitPrice: number, ackAt: number): void {
    let reserved: number;
    if (request.side === "buy") {
      reserved = request.quantity * limitPrice * (1 + this.fillModel.config.makerFeeRate);
      if (reserved > this.freeCash) {
        throw new InsufficientFunds(
          `paper Account has insufficient balance for requested action: needs ${reserved.toFixed(2)} USD, free ${this.freeCash.toFixed(2)}`,
          400,
        );
      }
    } else {
      reserved = request.quantity;
      if (reserved > this.#freeBase(request.symbol) * (1 + 1e-12)) {
        throw new InsufficientFunds(
          `paper Account has insufficient balance for requested action: sell ${request.quantity} ${request.symbol}`,
          400,
        );
      }
    }
    this.#resting.set(request.clientOrderId, {
      request,
      exchangeOrderId,
      limitPrice,
      expiresAt: ackAt + this.config.limitOrderTtlSeconds * 1000,
      acknowledgedAt: ackAt,
      filled: 0,
      reserved,
    });
  }

  #settle(side: OrderSide, symbol: string, quantity: number, price: number, fee: number): void {
    const base = this.#base.get(symbol) ?? 0;
    if (side === "buy") {
      this.#quote -= quantity * price + fee;
      this.#base.set(symbol, base + quantity);
    } else {
      this.#quote += quantity * price - fee;
      this.#base.set(symbol, Math.max(base - quantity, 0));
    }
  }

  #freeBase(symbol: string): number {
    let reserved = 0;
    for (const order of this.#resting.values()) {
      if (order.request.side === "sell" && order.request.symbol === symbol)
        reserved += order.reserved;
    }
    return (this.#base.get(symbol) ?? 0) - reserved;
  }

  #latency(medianMs: number): number {
    return (medianMs * Math.exp(this.config.latencySigma * this.#random.normal())) / 1000;
  }

  #failIfFaulted(kind: CallKind, latencySeconds: number): void {
    const failure = this.#faults.failureFor(kind, this.#clock.now(), latencySeconds);
    if (failure !== undefined) throw failure;
  }
}
