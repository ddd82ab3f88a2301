/** @module Backtests: the bot over a finite market (a CSV replay) in simulated time, with a summary. */
import { performance } from "node:perf_hooks";
import { type Bot, type BotConfig, createBot } from "./bot.js";
import type { MarketDataSource } from "./market/market-data-source.js";
import { MessageBus } from "./message-bus.js";
import { switchboard } from "./switchboard.js";

/** What a backtest reports at the end. Money in quote currency; percentages 0..100. */
export interface BacktestSummary {
  readonly cycles: number;
  readonly bars: number;
  readonly ordersSubmitted: number;
  readonly ordersFilled: number;
  readonly fills: number;
  readonly ordersDenied: number;
  readonly ordersRejected: number;
  readonly breakerTrips: number;
  readonly initialCash: number;
  readonly finalNav: number;
  readonly totalReturnPct: number;
  readonly maxDrawdownPct: number;
  readonly realizedPnl: number;
  readonly feesPaid: number;
  readonly elapsedSeconds: number;
  readonly barsPerSecond: number;
  /** First and last simulated timestamps (ms). */
  readonly startTime: number;
  readonly endTime: number;
}

/** Options of {@link runBacktest}. */
export interface BacktestOptions {
  /** Bot settings; `cycleIntervalMs` is ignored (backtests run as fast as they can). */
  readonly config?: Partial<BotConfig> | undefined;
  /** The market to replay; default the one `config` names. It must end (CSV replay). */
  readonly market?: MarketDataSource | undefined;
  /** Stop after this many cycles (needed for endless markets such as the simulated one). */
  readonly maxCycles?: number | undefined;
  /**
   * Called before the first cycle with the bot, e.g. to attach a metrics subscriber; a
   * function it returns is called after the last cycle (to flush and detach).
   */
  readonly attach?: ((bot: Bot) => (() => void) | undefined) | ((bot: Bot) => void) | undefined;
  /** Called every `progressEvery` cycles and at the end. */
  readonly onProgress?: ((cycles: number, bot: Bot) => void) | undefined;
  /** Default 1000. */
  readonly progressEvery?: number | undefined;
}

/**
 * Replays a market through the bot, cycle after cycle with no waiting, and returns a
 * summary. Time is simulated, so the same seed and data always give the same trades.
 *
 * @example
 * const summary = await runBacktest({ config: { market: "csv", csvPath: "btc.csv" } });
 * console.log(summary.totalReturnPct, summary.barsPerSecond);
 */
export async function runBacktest(options: BacktestOptions = {}): Promise<BacktestSummary> {
  const bus = new MessageBus();
  const bot = await createBot(
    { ...options.config, cycleIntervalMs: 0 },
    { market: options.market, bus, clock: "market" },
  );
  let bars = 0;
  let ordersSubmitted = 0;
  let ordersFilled = 0;
  let fills = 0;
  let ordersDenied = 0;
  let ordersRejected = 0;
  let breakerTrips = 0;
  let startTime = Number.NaN;
  let endTime = Number.NaN;
  bus.subscribe(switchboard.allBars, () => {
    bars++;
  });
  bus.subscribe(switchboard.allOrders, (event) => {
    if (event.type === "OrderSubmitted") ordersSubmitted++;
    else if (event.type === "OrderFilled") {
      fills++;
      if (!event.partial) ordersFilled++;
    } else if (event.type === "OrderDenied") ordersDenied++;
    else if (event.type === "OrderRejected") ordersRejected++;
  });
  bus.subscribe(switchboard.risk, (event) => {
    if (event.type === "BreakerTripped") breakerTrips++;
  });
  bus.subscribe(switchboard.cycle, (event) => {
    if (Number.isNaN(startTime)) startTime = event.timestamp;
    endTime = event.timestamp;
  });
  const detach = options.attach?.(bot);
  const every = options.progressEvery ?? 1000;
  const limit = options.maxCycles ?? Number.POSITIVE_INFINITY;
  bot.start();
  const started = performance.now();
  let cycles = 0;
  while (cycles < limit) {
    const event = await bot.runCycle();
    if (event === undefined) break;
    cycles++;
    if (cycles % every === 0) options.onProgress?.(cycles, bot);
  }
  if (typeof detach === "function") detach();
  const elapsedSeconds = (performance.now() - started) / 1000;
  options.onProgress?.(cycles, bot);
  bot.stop();
  const portfolio = bot.portfolio;
  portfolio.revalue(bot.clock.now());
  const summary: BacktestSummary = {
    cycles,
    bars,
    ordersSubmitted,
    ordersFilled,
    fills,
    ordersDenied,
    ordersRejected,
    breakerTrips,
    initialCash: portfolio.initialCash,
    finalNav: portfolio.nav,
    totalReturnPct: ((portfolio.nav - portfolio.initialCash) / portfolio.initialCash) * 100,
    maxDrawdownPct: portfolio.maxDrawdownPct,
    realizedPnl: portfolio.realizedPnl,
    feesPaid: portfolio.feesPaid,
    elapsedSeconds,
    barsPerSecond: elapsedSeconds > 0 ? bars / elapsedSeconds : 0,
    startTime,
    endTime,
  };
  bot.dispose();
  return Object.freeze(summary);
}
