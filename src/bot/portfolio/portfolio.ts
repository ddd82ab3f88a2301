/** @module The portfolio: cash, positions, average prices, PnL, NAV, exposure, drawdown and pending orders. */
import { numberField } from "../../config/config-fields.js";
import { type ConfigSpec, resolveConfig } from "../../config/config-schema.js";
import { TradewatchError } from "../../errors.js";
import type { BarReceived, OrderEvent, OrderFilled, PortfolioUpdated } from "../events.js";
import type { MessageBus } from "../message-bus.js";
import { switchboard } from "../switchboard.js";
import type { Lifecycle, PositionSnapshot } from "../types.js";
import type { PortfolioView } from "./portfolio-view.js";

/** Portfolio settings. */
export interface PortfolioConfig {
  /** Starting cash in quote currency. Default 100 000. */
  readonly initialCash: number;
  /** A position worth less than this counts as dust, not as an open position. Default 5. */
  readonly dustThreshold: number;
}

/** Default portfolio settings. */
export const defaultPortfolioConfig: PortfolioConfig = Object.freeze({
  initialCash: 100_000,
  dustThreshold: 5,
});

/** The rules of {@link PortfolioConfig}, checked at construction. */
export const portfolioConfigSpec: ConfigSpec<PortfolioConfig> = Object.freeze({
  schema: {
    initialCash: numberField({ above: 0 }),
    dustThreshold: numberField({ min: 0 }),
  },
  defaults: defaultPortfolioConfig,
});

interface Position {
  quantity: number;
  averagePrice: number;
  realizedPnl: number;
  /** Realised PnL when the current round trip opened, and when it opened. */
  openedPnl: number;
  openedAt: number;
}

interface PendingOrder {
  readonly symbol: string;
  readonly price: number;
  remaining: number;
}

const dayMs = 86_400_000;
/** Epoch day 0 was a Thursday; shifting by 3 days makes weeks start on Monday. */
const weekOf = (timestamp: number): number => Math.floor((timestamp / dayMs + 3) / 7);
const dayOf = (timestamp: number): number => Math.floor(timestamp / dayMs);

/** The PnL baselines of a portfolio (see {@link Portfolio.restoreBaselines}). */
export interface PortfolioBaselines {
  /** Time of the valuation they hold at (a journal's last equity snapshot). */
  readonly at: number;
  /** NAV at the start of the UTC day of `at`. */
  readonly dayStartNav: number;
  /** NAV at the start of the week of `at` (weeks start on Monday, UTC). */
  readonly weekStartNav: number;
  /** NAV at the start of the UTC calendar month of `at`. */
  readonly monthStartNav: number;
  readonly peakNav: number;
  /** Maximum drawdown so far, in percent. */
  readonly maxDrawdownPct: number;
}

/** Returns the start (ms) of the UTC day of `timestamp`. */
export const dayStart = (timestamp: number): number => dayOf(timestamp) * dayMs;
/** The UTC calendar month of `timestamp`, as months since 1970-01. */
const monthOf = (timestamp: number): number => {
  const date = new Date(timestamp);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
};

/** Returns the start (ms) of the UTC calendar month of `timestamp`, as {@link Portfolio} rolls months. */
export const monthStart = (timestamp: number): number => {
  const date = new Date(timestamp);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
};

/** Returns the start (ms) of the week of `timestamp`, as {@link Portfolio} rolls weeks. */
export const weekStart = (timestamp: number): number => (weekOf(timestamp) * 7 - 3) * dayMs;
const epsilon = 1e-9;

/**
 * Keeps the books from the bus: fills move cash and positions, bars mark positions to
 * market, submitted/cancelled/rejected orders track pending exposure. Long only, no margin:
 * cash going negative or selling more than held is a broken invariant and throws.
 * Realised PnL includes every fee, so `nav = initialCash + realizedPnl + unrealizedPnl`.
 *
 * @example
 * const portfolio = new Portfolio(bus, { initialCash: 10_000 });
 * portfolio.start();
 * // ... fills arrive on the bus ...
 * bus.subscribe(switchboard.portfolio, (event) => console.log(event.nav));
 * portfolio.publish(clock.now());
 */
export class Portfolio implements PortfolioView, Lifecycle {
  readonly config: PortfolioConfig;
  readonly #bus: MessageBus;
  readonly #positions = new Map<string, Position>();
  readonly #marks = new Map<string, number>();
  readonly #pending = new Map<string, PendingOrder>();
  #cash: number;
  #fees = 0;
  #peakNav: number;
  #maxDrawdown = 0;
  #day = Number.NaN;
  #week = Number.NaN;
  #month = Number.NaN;
  #dayStartNav: number;
  #weekStartNav: number;
  #monthStartNav: number;
  #unsubscribers: (() => void)[] = [];

  constructor(bus: MessageBus, config: Partial<PortfolioConfig> = {}) {
    this.config = resolveConfig(portfolioConfigSpec, config, "portfolio");
    this.#bus = bus;
    this.#cash = this.config.initialCash;
    this.#peakNav = this.config.initialCash;
    this.#dayStartNav = this.config.initialCash;
    this.#weekStartNav = this.config.initialCash;
    this.#monthStartNav = this.config.initialCash;
  }

  start(): void {
    if (this.#unsubscribers.length > 0) return;
    this.#unsubscribers = [
      this.#bus.subscribe(switchboard.allOrders, (event) => this.onOrderEvent(event)),
      this.#bus.subscribe(switchboard.allBars, (event) => this.onBar(event)),
    ];
  }

  stop(): void {
    for (const unsubscribe of this.#unsubscribers) unsubscribe();
    this.#unsubscribers = [];
  }

  reset(): void {
    this.#positions.clear();
    this.#marks.clear();
    this.#pending.clear();
    this.#cash = this.config.initialCash;
    this.#fees = 0;
    this.#peakNav = this.config.initialCash;
    this.#maxDrawdown = 0;
    this.#day = Number.NaN;
    this.#week = Number.NaN;
    this.#month = Number.NaN;
    this.#dayStartNav = this.config.initialCash;
    this.#weekStartNav = this.config.initialCash;
    this.#monthStartNav = this.config.initialCash;
  }

  dispose(): void {
    this.stop();
  }

  /** Applies one order event (the bus handler; public so that tests and replays can feed it). */
  onOrderEvent(event: OrderEvent): void {
    switch (event.type) {
      case "OrderSubmitted":
        if (event.side === "buy") {
          this.#pending.set(event.clientOrderId, {
            symbol: event.symbol,
            price: event.notional / event.quantity,
            remaining: event.quantity,
          });
        }
        break;
      case "OrderFilled":
        this.applyFill(event);
        break;
      case "OrderCancelled":
      case "OrderRejected":
        this.#pending.delete(event.clientOrderId);
        break;
      default:
        break;
    }
  }

  /** Marks the bar's symbol to its close. */
  onBar(event: BarReceived): void {
    this.#marks.set(event.bar.symbol, event.bar.close);
  }

  /** Books a fill: cash, position, average price, realised PnL and fees. */
  applyFill(fill: OrderFilled): void {
    const { symbol, quantity, price, fee } = fill;
    if (!(quantity > 0) || !(price > 0) || !(fee >= 0)) {
      throw new TradewatchError(
        "ERR_INVALID_VALUE",
        `Invalid fill ${fill.tradeId}: quantity ${quantity}, price ${price} and fee ${fee} must be positive`,
      );
    }
    let position = this.#positions.get(symbol);
    if (position === undefined) {
      position = {
        quantity: 0,
        averagePrice: 0,
        realizedPnl: 0,
        openedPnl: 0,
        openedAt: fill.timestamp,
      };
      this.#positions.set(symbol, position);
    }
    const notional = quantity * price;
    if (fill.side === "buy") {
      if (position.quantity === 0) {
        position.openedPnl = position.realizedPnl;
        position.openedAt = fill.timestamp;
      }
      const cash = this.#cash - notional - fee;
      if (cash < -epsilon * Math.max(1, notional)) {
        throw new TradewatchError(
          "ERR_INVALID_VALUE",
          `Invalid fill ${fill.tradeId}: buying ${quantity} ${symbol} for ${notional + fee} with cash ${this.#cash} would make cash negative (no margin)`,
        );
      }
      const total = position.quantity + quantity;
      position.averagePrice = (position.quantity * position.averagePrice + notional) / total;
      position.quantity = total;
      position.realizedPnl -= fee;
      this.#cash = Math.max(cash, 0);
      const pending = this.#pending.get(fill.clientOrderId);
      if (pending !== undefined) {
        pending.remaining -= quantity;
        if (pending.remaining <= epsilon || !fill.partial) this.#pending.delete(fill.clientOrderId);
      }
    } else {
      if (quantity > position.quantity * (1 + 1e-9) + epsilon) {
        throw new TradewatchError(
          "ERR_INVALID_VALUE",
          `Invalid fill ${fill.tradeId}: selling ${quantity} ${symbol} while holding ${position.quantity} (long only)`,
        );
      }
      const pnl = quantity * (price - position.averagePrice) - fee;
      position.realizedPnl += pnl;
      position.quantity = Math.max(position.quantity - quantity, 0);
      if (position.quantity <= epsilon) position.quantity = 0;
      this.#cash += notional - fee;
      if (position.quantity === 0) {
        this.#bus.publish(switchboard.positions, {
          type: "PositionClosed",
          timestamp: fill.timestamp,
          symbol,
          realizedPnl: position.realizedPnl - position.openedPnl,
          holdingSeconds: Math.max((fill.timestamp - position.openedAt) / 1000, 0),
        });
      }
    }
    this.#fees += fee;
    this.#marks.set(symbol, price);
  }

  get initialCash(): number {
    return this.config.initialCash;
  }

  get cash(): number {
    return this.#cash;
  }

  get availableCash(): number {
    return Math.max(this.#cash - this.pendingNotional, 0);
  }

  get positionsValue(): number {
    let value = 0;
    for (const [symbol, position] of this.#positions) {
      if (position.quantity > 0) value += position.quantity * this.#mark(symbol, position);
    }
    return value;
  }

  get nav(): number {
    return this.#cash + this.positionsValue;
  }

  get pendingNotional(): number {
    let notional = 0;
    for (const order of this.#pending.values()) notional += order.remaining * order.price;
    return notional;
  }

  get pendingOrderCount(): number {
    return this.#pending.size;
  }

  get openPositionCount(): number {
    let count = 0;
    for (const [symbol, position] of this.#positions) {
      if (position.quantity * this.#mark(symbol, position) >= this.config.dustThreshold) count++;
    }
    return count;
  }

  get realizedPnl(): number {
    let realized = 0;
    for (const position of this.#positions.values()) realized += position.realizedPnl;
    return realized;
  }

  get unrealizedPnl(): number {
    let unrealized = 0;
    for (const [symbol, position] of this.#positions) {
      if (position.quantity > 0) {
        unrealized += position.quantity * (this.#mark(symbol, position) - position.averagePrice);
      }
    }
    return unrealized;
  }

  get feesPaid(): number {
    return this.#fees;
  }

  get dailyPnlPct(): number {
    return ((this.nav - this.#dayStartNav) / this.#dayStartNav) * 100;
  }

  get weeklyPnlPct(): number {
    return ((this.nav - this.#weekStartNav) / this.#weekStartNav) * 100;
  }

  get drawdownPct(): number {
    const nav = this.nav;
    const peak = Math.max(this.#peakNav, nav);
    return peak > 0 ? ((peak - nav) / peak) * 100 : 0;
  }

  get maxDrawdownPct(): number {
    return Math.max(this.#maxDrawdown, this.drawdownPct);
  }

  quantity(symbol: string): number {
    return this.#positions.get(symbol)?.quantity ?? 0;
  }

  positionValue(symbol: string): number {
    const position = this.#positions.get(symbol);
    return position === undefined ? 0 : position.quantity * this.#mark(symbol, position);
  }

  pendingNotionalOf(symbol: string): number {
    let notional = 0;
    for (const order of this.#pending.values()) {
      if (order.symbol === symbol) notional += order.remaining * order.price;
    }
    return notional;
  }

  markPrice(symbol: string): number | undefined {
    return this.#marks.get(symbol);
  }

  positions(): readonly PositionSnapshot[] {
    const snapshots: PositionSnapshot[] = [];
    for (const [symbol, position] of this.#positions) {
      if (position.quantity <= 0 && position.realizedPnl === 0) continue;
      const markPrice = this.#mark(symbol, position);
      snapshots.push(
        Object.freeze({
          symbol,
          quantity: position.quantity,
          averagePrice: position.averagePrice,
          markPrice,
          value: position.quantity * markPrice,
          unrealizedPnl: position.quantity * (markPrice - position.averagePrice),
          realizedPnl: position.realizedPnl,
        }),
      );
    }
    return snapshots;
  }

  /**
   * Restores the PnL baselines a restarted bot had: the NAV its day and week started from, its
   * NAV peak and maximum drawdown, as of `at`. Without them a restart would reset the daily and
   * weekly stop losses and the drawdown halt. A later `revalue` in a new day or week rolls them
   * as usual.
   */
  restoreBaselines(baselines: PortfolioBaselines): void {
    this.#day = dayOf(baselines.at);
    this.#week = weekOf(baselines.at);
    this.#month = monthOf(baselines.at);
    this.#dayStartNav = baselines.dayStartNav;
    this.#weekStartNav = baselines.weekStartNav;
    this.#monthStartNav = baselines.monthStartNav;
    this.#peakNav = baselines.peakNav;
    this.#maxDrawdown = baselines.maxDrawdownPct;
  }

  /**
   * Rolls the daily and weekly PnL baselines when `timestamp` enters a new UTC day or week,
   * and updates the NAV peak and the maximum drawdown.
   */
  revalue(timestamp: number): void {
    const nav = this.nav;
    const day = dayOf(timestamp);
    if (day !== this.#day) {
      this.#day = day;
      this.#dayStartNav = nav;
    }
    const week = weekOf(timestamp);
    if (week !== this.#week) {
      this.#week = week;
      this.#weekStartNav = nav;
    }
    const month = monthOf(timestamp);
    if (month !== this.#month) {
      this.#month = month;
      this.#monthStartNav = nav;
    }
    if (nav > this.#peakNav) this.#peakNav = nav;
    const drawdown = this.#peakNav > 0 ? ((this.#peakNav - nav) / this.#peakNav) * 100 : 0;
    if (drawdown > this.#maxDrawdown) this.#maxDrawdown = drawdown;
  }

  /** Returns the portfolio as an event, without publishing it. */
  snapshot(timestamp: number): PortfolioUpdated {
    const nav = this.nav;
    const positionsValue = this.positionsValue;
    const pendingNotional = this.pendingNotional;
    const realizedPnl = this.realizedPnl;
    const unrealizedPnl = this.unrealizedPnl;
    return Object.freeze({
      type: "PortfolioUpdated",
      timestamp,
      nav,
      cash: this.#cash,
      reservedCash: Math.min(pendingNotional, this.#cash),
      positionsValue,
      exposureAtRiskPct: nav > 0 ? (positionsValue / nav) * 100 : 0,
      exposurePendingPct: nav > 0 ? (pendingNotional / nav) * 100 : 0,
      grossExposure: positionsValue,
      netExposure: positionsValue,
      openPositions: this.openPositionCount,
      pendingOrders: this.#pending.size,
      positions: this.positions(),
      realizedPnl,
      unrealizedPnl,
      totalPnl: realizedPnl + unrealizedPnl,
      dailyPnl: nav - this.#dayStartNav,
      monthlyPnl: nav - this.#monthStartNav,
      dailyPnlPct: this.dailyPnlPct,
      weeklyPnlPct: this.weeklyPnlPct,
      totalReturnPct: ((nav - this.config.initialCash) / this.config.initialCash) * 100,
      feesPaid: this.#fees,
      drawdownPct: this.drawdownPct,
      maxDrawdownPct: this.maxDrawdownPct,
    });
  }

  /**
   * Revalues and publishes a {@link PortfolioUpdated} on `strategy.portfolio`, stamped with
   * operational time `timestamp`; day and week boundaries follow `marketTime` (the bar time).
   */
  publish(timestamp: number, marketTime: number = timestamp): PortfolioUpdated {
    this.revalue(marketTime);
    const event = this.snapshot(timestamp);
    this.#bus.publish(switchboard.portfolio, event);
    return event;
  }

  #mark(symbol: string, position: Position): number {
    return this.#marks.get(symbol) ?? position.averagePrice;
  }
}
