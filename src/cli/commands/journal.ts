/** @module `tradewatch journal`: maintenance of a bot's trade journal (prune, info). */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { defaultJournalPath, Journal, parseRetention } from "../../analytics/index.js";
import { TradewatchError } from "../../errors.js";

const usage = `Usage:
  tradewatch journal prune [--journal FILE] [--retention 90d] [--now ISO]
      Downsamples equity snapshots by age (all for a day, one a minute after a day, one per
      15 minutes after a week, one an hour after 90 days); with --retention (e.g. 90d, 12h,
      52w) also deletes orders, fills, trades, cash moves and snapshots older than that.
      Open positions and cash are kept whatever their age. Then checkpoints the WAL.
  tradewatch journal info [--journal FILE]
      Prints the portfolio the journal would restore and its row counts.
The journal defaults to $TRADEWATCH_JOURNAL, else ${defaultJournalPath("paper")}.`;

function openExisting(path: string | undefined, readOnly: boolean): Journal {
  const file = path ?? process.env.TRADEWATCH_JOURNAL ?? defaultJournalPath("paper");
  if (!existsSync(file)) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Journal "${file}" does not exist: pass --journal FILE`,
    );
  }
  return Journal.open({ path: file, readOnly });
}

/** Runs `tradewatch journal <prune|info>`; resolves to 0, or 2 on a usage error. */
export async function journal(argv: readonly string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (action === undefined || action === "--help" || action === "-h") {
    console.log(usage);
    return action === undefined ? 2 : 0;
  }
  let values: {
    journal?: string | undefined;
    retention?: string | undefined;
    now?: string | undefined;
  };
  try {
    values = parseArgs({
      args: rest,
      options: {
        journal: { type: "string" },
        retention: { type: "string" },
        now: { type: "string" },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
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
  console.error(`Unknown journal action "${action}".\n\n${usage}`);
  return 2;
}
