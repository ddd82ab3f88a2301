/** @module What the dashboard takes from the bus: recent fills, feed activity and the bot state. */
import type { BarReceived, BotStateChanged, OrderEvent, TickReceived } from "../../bot/events.js";
import type { MessageBus } from "../../bot/message-bus.js";
import type { DataQualityEvent } from "../../bot/switchboard.js";
import { switchboard } from "../../bot/switchboard.js";
import type { TradeRow } from "../types.js";

/** Options of {@link BusActivity}. */
export interface BusActivityOptions {
  /** Fills kept for the recent-trades table. Default 50. */
  readonly maxTrades?: number | undefined;
  /** Symbols tracked at most (further ones are ignored). Default 200. */
  readonly maxFeeds?: number | undefined;
  /** Wall clock in ms. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** Activity of one symbol's feed as seen on the bus. */
export interface FeedActivity {
  readonly symbol: string;
  source: string;
  /** Wall time in ms of the last bar or tick. */
  lastUpdateAt: number;
  stale: boolean;
}

/**
 * Subscribes to the bot's bus and keeps, in bounded memory, what the registry does not
 * hold: the last fills (for the recent-trades table), when each symbol's feed last
 * delivered a bar or tick in wall time (so a stopped feed shows as stopped), the bot's
 * stale/recovered verdicts and its lifecycle state.
 *
 * @example
 * const activity = new BusActivity(bus);
 * activity.trades(); // newest first
 * activity.dispose();
 */
export class BusActivity {
  readonly #maxTrades: number;
  readonly #maxFeeds: number;
  readonly #now: () => number;
  readonly #trades: TradeRow[] = [];
  readonly #feeds = new Map<string, FeedActivity>();
  readonly #unsubscribe: (() => void)[] = [];
  #botState: string | null = null;

  constructor(bus: MessageBus, options: BusActivityOptions = {}) {
    this.#maxTrades = options.maxTrades ?? 50;
    this.#maxFeeds = options.maxFeeds ?? 200;
    this.#now = options.now ?? Date.now;
    this.#unsubscribe.push(
      bus.subscribe(switchboard.allOrders, (event) => this.#onOrder(event)),
      bus.subscribe(switchboard.allBars, (event) => this.#onData(event)),
      bus.subscribe(switchboard.allTicks, (event) => this.#onData(event)),
      bus.subscribe(switchboard.allDataQuality, (event) => this.#onQuality(event)),
      bus.subscribe(switchboard.state, (event) => this.#onState(event)),
    );
  }

  /** The last fills, newest first. */
  trades(): readonly TradeRow[] {
    return this.#trades;
  }

  /** Every tracked feed. */
  feeds(): IterableIterator<FeedActivity> {
    return this.#feeds.values();
  }

  /** The bot's last published lifecycle state, or null. */
  get botState(): string | null {
    return this.#botState;
  }

  /** Unsubscribes from the bus. */
  dispose(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
  }

  #onOrder(event: OrderEvent): void {
    if (event.type !== "OrderFilled") return;
    this.#trades.unshift({
      seenAt: this.#now(),
      timestamp: event.timestamp,
      strategy: event.strategy,
      symbol: event.symbol,
      side: event.side,
      quantity: event.quantity,
      price: event.price,
      notional: event.notional,
      fee: event.fee,
      partial: event.partial,
      liquidity: event.liquidity,
      slippageBps: event.slippageBps,
    });
    if (this.#trades.length > this.#maxTrades) this.#trades.length = this.#maxTrades;
  }

  #feed(symbol: string, source: string): FeedActivity | undefined {
    let feed = this.#feeds.get(symbol);
    if (feed === undefined) {
      if (this.#feeds.size >= this.#maxFeeds) return undefined;
      feed = { symbol, source, lastUpdateAt: Number.NaN, stale: false };
      this.#feeds.set(symbol, feed);
    }
    return feed;
  }

  #onData(event: BarReceived | TickReceived): void {
    const symbol = event.type === "BarReceived" ? event.bar.symbol : event.symbol;
    const feed = this.#feed(symbol, event.source);
    if (feed === undefined) return;
    feed.source = event.source;
    feed.lastUpdateAt = this.#now();
  }

  #onQuality(event: DataQualityEvent): void {
    if (event.type !== "DataStale" && event.type !== "DataRecovered") return;
    const feed = this.#feed(event.symbol, event.source);
    if (feed !== undefined) feed.stale = event.type === "DataStale";
  }

  #onState(event: BotStateChanged): void {
    this.#botState = event.state;
  }
}
