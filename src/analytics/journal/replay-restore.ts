/** @module Rebuilds a seeded bot's whole state by replaying its run from the start up to where a journal ends. */
import type { Bot } from "../../bot/bot.js";
import type { OrderEvent, OrderFilled } from "../../bot/events.js";
import { switchboard } from "../../bot/switchboard.js";
import { TradewatchError } from "../../errors.js";
import type { FillRecord } from "./types.js";

/** Where the journal of the run to rebuild ends. */
export interface ReplayTarget {
  /** The journal's fills, in the order they were made. */
  readonly fills: readonly FillRecord[];
  /** Bar time of the journal's last record (fill or equity snapshot): replay reaches this bar. */
  readonly lastRecordTime: number;
}

/** What {@link replayToJournal} did. */
export interface ReplayResult {
  /** Cycles replayed (the bot's engine has run exactly these). */
  readonly cycles: number;
  /** Fills the replay made, journaled or not. */
  readonly fills: number;
  readonly seconds: number;
  /**
   * Order events that came after the journal's last fill was made again: the killed process
   * died before journaling them (or they were journaled already, which is idempotent).
   */
  readonly unjournaled: readonly OrderEvent[];
}

function describe(fill: {
  symbol: string;
  side: string;
  quantity: number;
  price: number;
  fee: number;
  timestamp: number;
}): string {
  return `${fill.side} ${fill.quantity} ${fill.symbol} at ${fill.price} (fee ${fill.fee}) at ${new Date(fill.timestamp).toISOString()}`;
}

function sameFill(made: OrderFilled, journaled: FillRecord): boolean {
  return (
    made.symbol === journaled.symbol &&
    made.side === journaled.side &&
    made.quantity === journaled.quantity &&
    made.price === journaled.price &&
    made.fee === journaled.fee &&
    made.timestamp === journaled.timestamp
  );
}

/**
 * Runs `bot` (created afresh from the same seed and config as the journal's run, on the market
 * clock, with nothing else on its bus yet) cycle by cycle until it has made every journaled fill
 * again and reached the bar of the journal's last record. The bot then holds exactly the state the
 * killed run had: open orders, indicators, risk cooldowns, breakers, random streams. Fills are
 * compared in order on symbol, side, quantity, price, fee and time; the first difference throws
 * ERR_RESTORE_MISMATCH (the journal was written with another seed or config).
 *
 * @example
 * const bot = await createBot(config, { clock: "market" });
 * const replayed = await replayToJournal(bot, { fills: journal.fills(), lastRecordTime });
 * openBotJournal(bot, { botId, path, replayed });
 */
export async function replayToJournal(
  bot: Bot,
  target: ReplayTarget,
  onProgress?: (cycles: number, fills: number) => void,
): Promise<ReplayResult> {
  const journaled = target.fills;
  const started = performance.now();
  const made: OrderFilled[] = [];
  let since: OrderEvent[] = [];
  const onOrder = (event: OrderEvent): void => {
    if (made.length >= journaled.length) since.push(event);
    if (event.type !== "OrderFilled") return;
    made.push(event);
    if (made.length === journaled.length) since = [];
  };
  const unsubscribe = bot.bus.subscribe(switchboard.allOrders, onOrder);
  bot.start();
  let cycles = 0;
  let checked = 0;
  let reported = started;
  try {
    while (made.length < journaled.length || bot.clock.now() < target.lastRecordTime) {
      const event = await bot.runCycle();
      cycles++;
      for (; checked < Math.min(made.length, journaled.length); checked++) {
        if (!sameFill(made[checked]!, journaled[checked]!)) {
          throw new TradewatchError(
            "ERR_RESTORE_MISMATCH",
            `Replaying the seeded run did not reproduce journaled fill #${checked + 1}: the journal has ${describe(journaled[checked]!)}, the replay made ${describe(made[checked]!)} (was the journal written with another seed or config?)`,
          );
        }
      }
      if (event === undefined) {
        throw new TradewatchError(
          "ERR_RESTORE_MISMATCH",
          `Replaying the seeded run ran out of market data after ${cycles} cycles and ${made.length} of the journal's ${journaled.length} fills`,
        );
      }
      if (onProgress !== undefined && performance.now() - reported >= 1_000) {
        reported = performance.now();
        onProgress(cycles, made.length);
      }
    }
  } finally {
    unsubscribe();
    // Stopped, so that `run()` starts it again after the journal and metrics have subscribed.
    bot.stop();
  }
  return {
    cycles,
    fills: made.length,
    seconds: (performance.now() - started) / 1000,
    unjournaled: since,
  };
}
