/** @module `tradewatch journal`: maintenance of a bot's trade journal (prune, info, check, backup). */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { defaultJournalPath, Journal, parseRetention } from "../../analytics/index.js";
import { backupJournal } from "../../analytics/journal/backup-journal.js";
import { checkJournal } from "../../analytics/journal/check-journal.js";
import { JournalError } from "../../analytics/journal-error.js";
import { TradewatchError } from "../../errors.js";

const usage = `Usage:
  tradewatch journal prune [--journal FILE] [--retention 90d] [--now ISO]
      Downsamples equity snapshots by age (all for a day, one a minute after a day, one per
      15 minutes after a week, one an hour after 90 days); with --retention (e.g. 90d, 12h,
      52w) also deletes orders, fills, trades, cash moves and snapshots older than that.
      Open positions and cash are kept whatever their age. Then checkpoints the WAL.
  tradewatch journal info [--journal FILE]
      Prints the portfolio the journal would restore and its row counts.
  tradewatch journal check [FILE | --journal FILE]
      Runs SQLite's integrity_check and the journal's own invariants; prints what it finds and
      exits 1 when the journal is damaged. Read-only: safe while a bot writes the journal.
  tradewatch journal backup [FILE | --journal FILE] [--to DEST]
      Copies the journal with SQLite's online backup API as of one committed transaction, safe
      while a bot writes it, and checks the copy (default DEST: <name>.backup-<UTC time>.sqlite).
  FILE may be given as the first argument or with --journal.
The journal defaults to $TRADEWATCH_JOURNAL, else ${defaultJournalPath("paper")}.`;

function existingJournal(path: string | undefined): string {
  const file = path ?? process.env.TRADEWATCH_JOURNAL ?? defaultJournalPath("paper");
  if (!existsSync(file)) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Journal "${file}" does not exist: pass --journal FILE`,
    );
  }
  return file;
}

function openExisting(path: string | undefined, readOnly: boolean): Journal {
  return Journal.open({ path: existingJournal(path), readOnly });
}

/**
 * Runs `tradewatch journal <prune|info|check|backup>`; resolves to 0, 1 when `check` finds
 * damage (after printing it), or 2 on a usage error.
 */
export async function journal(argv: readonly string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (action === undefined || action === "--help" || action === "-h") {
    console.log(usage);
    return action === undefined ? 2 : 0;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(usage);
    return 0;
  }
  let values: {
    journal?: string | undefined;
    retention?: string | undefined;
    now?: string | undefined;
    to?: string | undefined;
  };
  try {
    const parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        journal: { type: "string" },
        retention: { type: "string" },
        now: { type: "string" },
        to: { type: "string" },
      },
    });
    values = parsed.values;
    const [file, ...extra] = parsed.positionals;
    if (extra.length > 0 || (file !== undefined && values.journal !== undefined)) {
      throw new Error(`Unexpected argument "${extra[0] ?? file}": give one journal file`);
    }
    if (file !== undefined) values = { ...values, journal: file };
  } catch (error) {
    // One line naming the argument; the usage is one --help away.
    const [first] = (error as Error).message.split(". ");
    console.error(`tradewatch journal: ${first} (see "tradewatch journal --help")`);
    return 2;
  }
  if (action === "prune") {
    const retentionMs =
      values.retention === undefined ? undefined : parseRetention(values.retention);
    const now = values.now === undefined ? Date.now() : Date.parse(values.now);
    if (Number.isNaN(now)) {
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        `Invalid --now "${values.now}": must be an ISO 8601 date-time`,
      );
    }
    const opened = openExisting(values.journal, false);
    try {
      const before = opened.counts();
      const result = opened.prune(now, retentionMs);
      opened.checkpoint();
      const after = opened.counts();
      console.log(
        `Pruned ${opened.path}: ${result.equityPointsDownsampled} equity snapshots downsampled, ${result.recordsExpired} records past retention deleted.`,
      );
      for (const table of Object.keys(after))
        console.log(
          `  ${table.padEnd(18)} ${String(before[table]).padStart(9)} -> ${after[table]}`,
        );
    } finally {
      opened.close();
    }
    return 0;
  }
  if (action === "info") {
    const opened = openExisting(values.journal, true);
    try {
      console.log(
        JSON.stringify(
          { path: opened.path, portfolio: opened.portfolio(), rows: opened.counts() },
          null,
          2,
        ),
      );
    } finally {
      opened.close();
    }
    return 0;
  }
  if (action === "check") {
    const result = checkJournal(existingJournal(values.journal), "full");
    const size = `${(result.bytes / 1e6).toFixed(1)} MB`;
    if (result.ok) {
      console.log(
        `Journal ${result.path}: ok (integrity_check, ${size}, ${result.fills} fills, ${Math.round(result.durationMs)} ms)`,
      );
      return 0;
    }
    console.log(`Journal ${result.path}: damaged (integrity_check, ${size})`);
    for (const problem of result.problems) console.log(`  ${problem}`);
    throw new JournalError(
      "ERR_JOURNAL_CORRUPT",
      `Journal "${result.path}" is damaged: ${result.problems.length} problem(s), the first "${result.problems[0]}"; restore a backup taken with "tradewatch journal backup", or move the file aside to start a new journal`,
      result.path,
    );
  }
  if (action === "backup") {
    const backup = await backupJournal(existingJournal(values.journal), values.to);
    console.log(
      `Backed up ${backup.source} to ${backup.destination}: ${backup.pages} pages, ${backup.check.fills} fills, integrity_check ok (${Math.round(backup.durationMs)} ms)`,
    );
    return 0;
  }
  console.error(`Unknown journal action "${action}".\n\n${usage}`);
  return 2;
}
