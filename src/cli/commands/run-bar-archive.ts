/** @module `tradewatch run`'s market data store: the bar archive beside the journal, its writes recorded as data storage writes. */
import type { Bot } from "../../bot/bot.js";
import { BarArchive } from "../../bot/market/csv/bar-archive.js";
import type { TradingRecorder } from "../../recorder/index.js";

/** Returns the bar archive's path beside a journal: `journal/paper.sqlite` → `journal/paper.bars.csv`. */
export function barArchivePath(journalPath: string): string {
  return `${journalPath.replace(/\.sqlite$/, "")}.bars.csv`;
}

/**
 * Stores the bot's accepted bars beside its journal (replay them with `--market csv --data`),
 * recording each write in `data_storage_writes_total` and `data_storage_write_duration_seconds`.
 */
export function startBarArchive(
  bot: Bot,
  journalPath: string,
  recorder: TradingRecorder,
): BarArchive {
  return new BarArchive(bot.bus, {
    path: barArchivePath(journalPath),
    observer: {
      written: (seconds, _bars, error) => recorder.recordStorageWrite(seconds, error === undefined),
    },
  });
}
