/** @module The one place the bus's topic names are built (NautilusTrader's switchboard). */
import type {
  BarReceived,
  BotEvent,
  BotStateChanged,
  CycleCompleted,
  DataNormalizationFailed,
  DataRecovered,
  DataStale,
  DataValidationFailed,
  ExchangeEvent,
  OrderEvent,
  OrderFlowImbalanceDetected,
  PortfolioUpdated,
  PositionClosed,
  RegimeChanged,
  RiskChecksEvaluated,
  RiskEvent,
  SignalGenerated,
  TickReceived,
} from "./events.js";
import type { Plane } from "./types.js";

declare const eventBrand: unique symbol;

/**
 * A topic name that carries the type of the events published on it. A name ending in `*`
 * is a pattern: it matches every topic that starts with what precedes the `*`; subscribe
 * with patterns, publish on concrete topics only.
 */
export type Topic<E extends BotEvent> = string & { readonly [eventBrand]?: E };

/** Data-quality events of one symbol. */
export type DataQualityEvent =
  | DataValidationFailed
  | DataNormalizationFailed
  | DataStale
  | DataRecovered;

function topic<E extends BotEvent>(name: string): Topic<E> {
  return name as Topic<E>;
}

/** Builds topics `prefix + key` once per key, so that hot paths publish on the same string. */
function topicFamily<E extends BotEvent>(prefix: string): (key: string) => Topic<E> {
  const cache = new Map<string, Topic<E>>();
  return (key) => {
    let cached = cache.get(key);
    if (cached === undefined) {
      cached = topic<E>(`${prefix}${key}`);
      if (cache.size < 10_000) cache.set(key, cached);
    }
    return cached;
  };
}

const tickTopics = topicFamily<TickReceived>("data.ticks.");
const barTopics = topicFamily<BarReceived>("data.bars.");
const dataQualityTopics = topicFamily<DataQualityEvent>("data.quality.");
const orderFlowTopics = topicFamily<OrderFlowImbalanceDetected>("data.orderflow.");
const signalTopics = topicFamily<SignalGenerated>("strategy.signals.");
const orderTopics = topicFamily<OrderEvent>("order.events.");

/**
 * Builds every topic the bot publishes on and the patterns subscribers use. Topic names
 * start with their plane (`data.`, `strategy.`, `order.`) or `system.`.
 *
 * @example
 * bus.subscribe(switchboard.orders("trend_momentum"), (event) => console.log(event.type));
 * bus.subscribe(switchboard.all, (event) => recorder.record(event));
 */
export const switchboard = Object.freeze({
  /** Ticks of one symbol: `data.ticks.{symbol}`. */
  ticks: (symbol: string): Topic<TickReceived> => tickTopics(symbol),
  /** Bars of one symbol: `data.bars.{symbol}`. */
  bars: (symbol: string): Topic<BarReceived> => barTopics(symbol),
  /** Validation failures, staleness and recovery of one symbol's feed: `data.quality.{symbol}`. */
  dataQuality: (symbol: string): Topic<DataQualityEvent> => dataQualityTopics(symbol),
  /**
   * Data-quality events of messages whose symbol the market does not list (normalisation
   * failures): `data.quality.unlisted`, one topic however many bad symbols arrive.
   */
  unlistedDataQuality: topic<DataQualityEvent>("data.quality.unlisted"),
  /** Order flow imbalance events of one symbol: `data.orderflow.{symbol}`. */
  orderFlow: (symbol: string): Topic<OrderFlowImbalanceDetected> => orderFlowTopics(symbol),
  /** Signals of one strategy: `strategy.signals.{strategy}`. */
  signals: (strategy: string): Topic<SignalGenerated> => signalTopics(strategy),
  /** Regime changes: `strategy.regime`. */
  regime: topic<RegimeChanged>("strategy.regime"),
  /** Portfolio snapshots: `strategy.portfolio`. */
  portfolio: topic<PortfolioUpdated>("strategy.portfolio"),
  /** Closed positions: `strategy.positions`. */
  positions: topic<PositionClosed>("strategy.positions"),
  /** Order lifecycle of one strategy's orders: `order.events.{strategy}`. */
  orders: (strategy: string): Topic<OrderEvent> => orderTopics(strategy),
  /** Breakers and kill switches: `order.risk`. */
  risk: topic<Exclude<RiskEvent, RiskChecksEvaluated>>("order.risk"),
  /**
   * The checks each order intent passed and failed, published only while something subscribes
   * (the telemetry port counts them for the metrics): `order.risk.checks`.
   */
  riskChecks: topic<RiskChecksEvaluated>("order.risk.checks"),
  /** Exchange API calls, rate-limit usage and connectivity: `order.exchange`. */
  exchange: topic<ExchangeEvent>("order.exchange"),
  /** Completed cycles: `system.cycle`. */
  cycle: topic<CycleCompleted>("system.cycle"),
  /** Bot lifecycle: `system.state`. */
  state: topic<BotStateChanged>("system.state"),

  /** Pattern: every event. */
  all: topic<BotEvent>("*"),
  /** Pattern: ticks of every symbol. */
  allTicks: topic<TickReceived>("data.ticks.*"),
  /** Pattern: bars of every symbol. */
  allBars: topic<BarReceived>("data.bars.*"),
  /** Pattern: data quality of every symbol. */
  allDataQuality: topic<DataQualityEvent>("data.quality.*"),
  /** Pattern: order flow imbalance events of every symbol. */
  allOrderFlow: topic<OrderFlowImbalanceDetected>("data.orderflow.*"),
  /** Pattern: signals of every strategy. */
  allSignals: topic<SignalGenerated>("strategy.signals.*"),
  /** Pattern: order events of every strategy. */
  allOrders: topic<OrderEvent>("order.events.*"),
  /** Pattern: every event of one plane (`system.` events belong to the strategy plane). */
  plane: (plane: Plane): Topic<BotEvent> => topic(`${plane}.*`),
});

/** Returns the plane a concrete topic belongs to; `system.` topics run with the strategy plane. */
export function planeOf(topicName: string): Plane {
  if (topicName.startsWith("data.")) return "data";
  if (topicName.startsWith("order.")) return "order";
  return "strategy";
}
