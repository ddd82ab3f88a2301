/** @module Trade events as InfluxDB points: each fill (measurement `fills`) and each closed position (measurement `positions_closed`) from the bot's bus, handed to a point sink such as InfluxWriter. */
import type { InfluxPoint } from "../../exporter/influx/line-protocol.js";
import type { OrderEvent, PositionClosed } from "../events.js";
import type { MessageBus } from "../message-bus.js";
import { switchboard } from "../switchboard.js";

/** Where the points go: `InfluxWriter` buffers them for its next batched, retried write. */
export interface TradePointSink {
  add(points: Iterable<InfluxPoint>): void;
}

/** Options of {@link subscribeTradeEventPoints}. */
export interface TradeEventPointsOptions {
  /** The `bot` tag of every point (the bot id that names the journal). */
  readonly bot: string;
}

/**
 * Subscribes to the bus and hands every fill and closed position to `sink` as a point, at the
 * event's time (milliseconds):
 * - `fills`, tags `symbol`, `side`, `strategy`, `bot`; fields `price`, `quantity`, `fee`, `notional`;
 * - `positions_closed`, tags `symbol`, `bot`; fields `realized_pnl`, `holding_seconds`.
 *
 * InfluxDB keeps one point per series and millisecond (the writer's precision), and the bot
 * stamps every event of a cycle with the cycle's time, so a second fill of the same series in
 * the same millisecond is written 1 ms later (the n-th, n - 1 ms later): every fill is kept,
 * and the same event stream always gives the same points.
 * Returns the function that unsubscribes.
 *
 * @example
 * const unsubscribe = subscribeTradeEventPoints(bot.bus, influxWriter, { bot: "paper" });
 */
export function subscribeTradeEventPoints(
  bus: MessageBus,
  sink: TradePointSink,
  options: TradeEventPointsOptions,
): () => void {
  const bot = options.bot;
  // Per series: the event time last seen and how many points were written at it.
  const lastTimes = new Map<string, { time: number; count: number }>();
  const pointTime = (series: string, eventTime: number): number => {
    const time = Math.trunc(eventTime);
    const last = lastTimes.get(series);
    if (last === undefined || last.time !== time) {
      lastTimes.set(series, { time, count: 1 });
      return time;
    }
    last.count++;
    return time + last.count - 1;
  };
  const onOrder = (event: OrderEvent): void => {
    if (event.type !== "OrderFilled") return;
    const series = `${event.symbol}\u0000${event.side}\u0000${event.strategy}`;
    sink.add([
      {
        measurement: "fills",
        tags: { symbol: event.symbol, side: event.side, strategy: event.strategy, bot },
        fields: {
          price: event.price,
          quantity: event.quantity,
          fee: event.fee,
          notional: event.notional,
        },
        timestampMs: pointTime(series, event.timestamp),
      },
    ]);
  };
  const onPositionClosed = (event: PositionClosed): void => {
    sink.add([
      {
        measurement: "positions_closed",
        tags: { symbol: event.symbol, bot },
        fields: { realized_pnl: event.realizedPnl, holding_seconds: event.holdingSeconds },
        timestampMs: pointTime(`closed\u0000${event.symbol}`, event.timestamp),
      },
    ]);
  };
  const unsubscribers = [
    bus.subscribe(switchboard.allOrders, onOrder),
    bus.subscribe(switchboard.positions, onPositionClosed),
  ];
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
