/** @module The order tracker: submits approved orders, follows them through acknowledgement, fills and cancels, and knows which strategy owns each position. */
import { performance } from "node:perf_hooks";
import type { OrderEvent, OrderIntentCreated } from "../events.js";
import type {
  ExecutionClient,
  ExecutionReport,
  OrderRequest,
} from "../execution/execution-client.js";
import type { RateLimiter } from "../execution/rate-limiter.js";
import type { MessageBus } from "../message-bus.js";
import type { PortfolioView } from "../portfolio/portfolio-view.js";
import { switchboard } from "../switchboard.js";
import type { OrderSide, OrderType } from "../types.js";
import type { ExchangeGateway } from "./exchange-gateway.js";

/** The fields every order event of `intent` carries. */
function orderFields(intent: OrderIntentCreated) {
  return {
    clientOrderId: intent.clientOrderId,
    strategy: intent.strategy,
    symbol: intent.symbol,
    side: intent.side,
    orderType: intent.orderType,
  };
}

/** An order sent and not yet final. */
interface OpenOrder {
  readonly strategy: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly referencePrice: number;
  readonly intentAt: number;
  ackAt: number;
  exchangeOrderId: string;
}

/**
 * Sends orders through the {@link ExchangeGateway} and turns the exchange's execution reports
 * into the order lifecycle on the bus (`OrderSubmitted`, `OrderAcknowledged`, `OrderFilled` with
 * slippage against the intent's price and latencies, `OrderCancelled`, `OrderRejected`), and
 * `OrderDenied { check: "rate_limit" }` for an order the client rate limiter holds back. It keeps
 * which strategy owns each symbol's position: a buy makes its strategy the owner, a complete sell
 * or an unfilled cancelled entry releases it.
 */
export class OrderTracker {
  readonly #bus: MessageBus;
  readonly #exchange: ExecutionClient;
  readonly #gateway: ExchangeGateway;
  readonly #rateLimiter: RateLimiter;
  readonly #portfolio: PortfolioView;
  readonly #open = new Map<string, OpenOrder>();
  readonly #owners = new Map<string, string>();
  #submitted = 0;
  #filled = 0;

  constructor(parts: {
    readonly bus: MessageBus;
    readonly exchange: ExecutionClient;
    readonly gateway: ExchangeGateway;
    readonly rateLimiter: RateLimiter;
    readonly portfolio: PortfolioView;
  }) {
    this.#bus = parts.bus;
    this.#exchange = parts.exchange;
    this.#gateway = parts.gateway;
    this.#rateLimiter = parts.rateLimiter;
    this.#portfolio = parts.portfolio;
  }

  /** Orders that filled completely over orders submitted, since the start (0 before any). */
  get fillRatio(): number {
    return this.#submitted === 0 ? 0 : this.#filled / this.#submitted;
  }

  /** The strategy that owns `symbol`'s position, if any. */
  ownerOf(symbol: string): string | undefined {
    return this.#owners.get(symbol);
  }

  /**
   * Hands restored open positions back to the strategies that opened them (symbol to
   * strategy), replacing the owners known so far.
   */
  restoreOwners(owners: ReadonlyMap<string, string>): void {
    this.#owners.clear();
    for (const [symbol, strategy] of owners) this.#owners.set(symbol, strategy);
  }

  reset(): void {
    this.#open.clear();
    this.#owners.clear();
    this.#submitted = 0;
    this.#filled = 0;
  }

  /**
   * Submits an approved intent for `quantity`; `createdAt` is the `performance.now()` reading
   * when the intent was made. Resolves to whether the exchange took the order.
   */
  async submit(
    intent: OrderIntentCreated,
    quantity: number,
    createdAt: number,
    now: number,
  ): Promise<boolean> {
    const bus = this.#bus;
    const exchange = this.#exchange;
    const topic = switchboard.orders(intent.strategy);
    const price = intent.notional / intent.quantity;
    const request: OrderRequest = {
      clientOrderId: intent.clientOrderId,
      strategy: intent.strategy,
      symbol: intent.symbol,
      side: intent.side,
      type: intent.orderType,
      quantity,
      limitPrice: intent.limitPrice,
      referencePrice: price,
    };
    const order = orderFields(intent);
    bus.publish(topic, {
      type: "OrderSubmitted",
      timestamp: now,
      ...order,
      quantity,
      limitPrice: intent.limitPrice,
      notional: quantity * price,
      intentToSubmitSeconds: (performance.now() - createdAt) / 1000,
    });
    this.#submitted++;
    this.#open.set(intent.clientOrderId, {
      strategy: intent.strategy,
      symbol: intent.symbol,
      side: intent.side,
      orderType: intent.orderType,
      referencePrice: price,
      intentAt: now,
      ackAt: now,
      exchangeOrderId: "",
    });
    const result = await this.#gateway.call("createOrder", () => exchange.submitOrder(request));
    if (result.ok) {
      if (intent.side === "buy") this.#owners.set(intent.symbol, intent.strategy);
      this.publishReports(result.value);
      return true;
    }
    this.#open.delete(intent.clientOrderId);
    bus.publish(topic, {
      type: "OrderRejected",
      timestamp: now,
      ...order,
      errorClass: result.errorClass,
      reason: result.message,
    });
    return false;
  }

  /** Denies an approved intent that the client rate limiter holds back. */
  throttle(intent: OrderIntentCreated, now: number): void {
    const bus = this.#bus;
    const rateLimiter = this.#rateLimiter;
    bus.publish(switchboard.orders(intent.strategy), {
      type: "OrderDenied",
      timestamp: now,
      ...orderFields(intent),
      check: "rate_limit",
      reason: `client rate limiter budget spent (${rateLimiter.used.toFixed(1)}/${rateLimiter.config.capacity})`,
      notional: intent.notional,
    });
    bus.publish(switchboard.exchange, {
      type: "RateLimitUsage",
      timestamp: now,
      used: rateLimiter.used,
      capacity: rateLimiter.config.capacity,
      utilization: rateLimiter.utilization,
      throttled: true,
    });
  }

  /** Publishes the order events of execution reports (of orders this tracker sent). */
  publishReports(reports: readonly ExecutionReport[]): void {
    const bus = this.#bus;
    for (const report of reports) {
      const order = this.#open.get(report.clientOrderId);
      if (order === undefined) continue;
      const topic = switchboard.orders(order.strategy);
      const base = {
        clientOrderId: report.clientOrderId,
        strategy: order.strategy,
        symbol: order.symbol,
        side: order.side,
        orderType: order.orderType,
      };
      let event: OrderEvent;
      switch (report.kind) {
        case "acknowledged":
          order.ackAt = report.timestamp;
          order.exchangeOrderId = report.exchangeOrderId;
          event = {
            type: "OrderAcknowledged",
            timestamp: report.timestamp,
            ...base,
            exchangeOrderId: report.exchangeOrderId,
            submitToAckSeconds: report.latencySeconds,
          };
          break;
        case "fill": {
          const direction = order.side === "buy" ? 1 : -1;
          const complete = report.remainingQuantity === 0;
          event = {
            type: "OrderFilled",
            timestamp: report.timestamp,
            ...base,
            exchangeOrderId: report.exchangeOrderId,
            tradeId: report.tradeId,
            quantity: report.quantity,
            price: report.price,
            notional: report.quantity * report.price,
            fee: report.fee,
            liquidity: report.liquidity,
            slippageBps:
              (direction * (report.price - order.referencePrice) * 10_000) / order.referencePrice,
            partial: !complete,
            filledQuantity: report.filledQuantity,
            remainingQuantity: report.remainingQuantity,
            ackToFillSeconds: report.latencySeconds,
            totalFillSeconds: Math.max((report.timestamp - order.intentAt) / 1000, 0),
          };
          if (complete) {
            this.#filled++;
            this.#open.delete(report.clientOrderId);
            if (order.side === "sell") this.#owners.delete(order.symbol);
          }
          break;
        }
        case "cancelled":
          event = {
            type: "OrderCancelled",
            timestamp: report.timestamp,
            ...base,
            exchangeOrderId: report.exchangeOrderId,
            reason: report.reason,
            filledQuantity: report.filledQuantity,
          };
          this.#open.delete(report.clientOrderId);
          if (
            order.side === "buy" &&
            report.filledQuantity === 0 &&
            this.#portfolio.quantity(order.symbol) <= 0
          ) {
            this.#owners.delete(order.symbol);
          }
          break;
      }
      bus.publish(topic, event);
    }
  }
}
