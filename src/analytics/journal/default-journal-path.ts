/** @module Where a bot's journal lives by default: one SQLite file per bot. */
import { join } from "node:path";

/** Directory of journals, relative to the working directory. */
export const DEFAULT_JOURNAL_DIRECTORY = "journal";

/**
 * Returns `journal/<botId>.sqlite` (under `directory` when given), one file per bot so that bots
 * never contend for a write lock. Characters outside `[A-Za-z0-9._-]` in the id become `_`.
 *
 * @example defaultJournalPath("paper") // "journal/paper.sqlite"
 */
export function defaultJournalPath(botId: string, directory = DEFAULT_JOURNAL_DIRECTORY): string {
  return join(directory, `${botId.replace(/[^A-Za-z0-9._-]/g, "_")}.sqlite`);
}
