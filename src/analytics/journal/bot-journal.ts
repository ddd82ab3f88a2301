/** @module Wires a journal into the reference bot in one call: open, restore, subscribe, export gauges. */
import type { Bot } from "../../bot/bot.js";
import type { OrderEvent } from "../../bot/events.js";
import type { TradingRecorder } from "../../recorder/trading-recorder.js";
import {
  type PerformanceGaugeOptions,
  type PerformanceGauges,
  startPerformanceGauges,
} from "../performance-gauges.js";
import { attachJournal, type BusJournal } from "./bus-journal.js";
import { defaultJournalPath } from "./default-journal-path.js";
import { Journal } from "./journal.js";
import {
  instrumentJournalDatabase,
  type JournalDatabaseRecorder,
} from "./journal-database-metrics.js";
import { restoreBotPortfolio } from "./restore-bot-portfolio.js";
import type { Durability, PortfolioState } from "./types.js";

/** Options of {@link openBotJournal}. */
export interface BotJournalOptions {
  /** Names the journal file (`journal/<botId>.sqlite`) and is checked on reopen. */
  readonly botId: string;
  /** Journal file; default {@link defaultJournalPath}(botId). */
  readonly path?: string | undefined;
  readonly durability?: Durability | undefined;
  readonly retentionMs?: number | undefined;
  /** Bot-clock milliseconds between equity snapshots (default 10 000). */
  readonly equityIntervalMs?: number | undefined;
  /**
   * Prefix of fill ids; default `run-<start time>`, because the paper exchange numbers its trades
   * from `T1` again in every process. Set it to `undefined` explicitly for an exchange whose trade
   * ids are unique across restarts, so that a fill delivered again after a restart is recognised.
   */
  readonly fillIdScope?: string | undefined;
  /** When given, the catalog's performance gauges are refreshed from the journal. */
  readonly recorder?: Pick<TradingRecorder, "updatePerformance"> | undefined;
  readonly gauges?: PerformanceGaugeOptions | undefined;
  /** When given, the journal's own SQLite metrics (see {@link instrumentJournalDatabase}). */
  readonly databaseMetrics?: JournalDatabaseRecorder | undefined;
  /**
   * The bot was rebuilt by replaying its seeded run (`replayToJournal`): its portfolio and
   * exchange already hold the journal's state, so nothing is restored; the replay's fills the
   * journal lacks (the process died mid-cycle) are journaled.
   */
  readonly replayed?: { readonly unjournaled: readonly OrderEvent[] } | undefined;
}

/** A journal wired into a running bot. */
export interface BotJournal {
  readonly journal: Journal;
  /** The state restored into the bot's portfolio; undefined when the journal was new (no fills). */
  readonly restored: PortfolioState | undefined;
  readonly busJournal: BusJournal;
  readonly gauges: PerformanceGauges | undefined;
  /** Detaches from the bus, stops the gauges and closes the journal. */
  close(): void;
}

/**
 * Opens the bot's journal, restores the bot's portfolio from it when it holds fills (exactly, see
 * {@link restoreBotPortfolio}), subscribes it to the bot's bus and, with a recorder, starts the
 * performance gauges; see {@link BotJournalOptions.replayed} for a bot rebuilt by replay. Call it after `createBot` and before `bot.run()`: the journal must
 * subscribe before the bot's components so that a fill is on disk before anything acts on it.
 *
 * @example
 * const bot = await createBot(config);
 * const botJournal = openBotJournal(bot, { botId: "paper", recorder });
 * await bot.run();
 * botJournal.close();
 */
export function openBotJournal(bot: Bot, options: BotJournalOptions): BotJournal {
  const journal = Journal.open({
    path: options.path ?? defaultJournalPath(options.botId),
    botId: options.botId,
    initialCash: bot.portfolio.initialCash,
    durability: options.durability,
    retentionMs: options.retentionMs,
  });
  if (options.databaseMetrics !== undefined)
    instrumentJournalDatabase(journal, options.databaseMetrics);
  try {
    const restored =
      journal.portfolio().fillCount > 0 && options.replayed === undefined
        ? restoreBotPortfolio(journal, bot.portfolio)
        : undefined;
    if (restored !== undefined) {
      restoreEntryOwners(bot, restored);
      // The exchange holds what the account held, or every order sized from it is refused.
      bot.exchange.restoreBalances({
        cash: restored.cash,
        holdings: new Map(
          restored.positions.map((position) => [position.symbol, position.quantity]),
        ),
      });
    }
    const scope = "fillIdScope" in options ? options.fillIdScope : `run-${Date.now()}`;
    const busJournal = attachJournal(bot.bus, journal, {
      equityIntervalMs: options.equityIntervalMs,
      fillIdScope: scope,
    });
    busJournal.journalOrderEvents(options.replayed?.unjournaled ?? []);
    const gauges =
      options.recorder === undefined
        ? undefined
        : startPerformanceGauges(journal, options.recorder, {
            now: () => bot.clock.now(),
            ...options.gauges,
          });
    return {
      journal,
      restored,
      busJournal,
      gauges,
      close() {
        gauges?.stop();
        busJournal.detach();
        journal.close();
      },
    };
  } catch (error) {
    journal.close();
    throw error;
  }
}

/** The engine method that hands restored positions back to the strategies that opened them. */
interface EntryOwnerRestore {
  restoreEntryOwners(owners: ReadonlyMap<string, string>): void;
}

/**
 * Tells the engine which strategy owns each restored open position (the strategy of the fill that
 * opened it), so that strategy may sell or add to it, when the engine offers
 * `restoreEntryOwners(owners: ReadonlyMap<symbol, strategy>)`. Without it a restored position has
 * no owner, and the reference engine trades only symbols a strategy owns.
 */
function restoreEntryOwners(bot: Bot, state: PortfolioState): void {
  const engine = bot.engine as Partial<EntryOwnerRestore>;
  if (typeof engine.restoreEntryOwners !== "function") return;
  const owners = new Map<string, string>();
  for (const position of state.positions) {
    if (position.quantity > 0) owners.set(position.symbol, position.strategy);
  }
  engine.restoreEntryOwners(owners);
}
