/** @module A consistent copy of a journal with SQLite's online backup API, safe while its bot writes. */
import { existsSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import Database from "better-sqlite3";
import { JournalError } from "../journal-error.js";
import {
  checkJournal,
  damagedJournalError,
  isCorruption,
  type JournalCheckResult,
} from "./check-journal.js";

/** The outcome of {@link backupJournal}. */
export interface JournalBackup {
  readonly source: string;
  readonly destination: string;
  readonly pages: number;
  /** The `integrity_check` of the copy, which passed. */
  readonly check: JournalCheckResult;
  readonly durationMs: number;
}

/** Returns the default backup file of a journal: `<name>.backup-<UTC time>.sqlite` beside it. */
export function defaultBackupPath(source: string, now: Date = new Date()): string {
  const extension = extname(source);
  const stem = basename(source, extension);
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return join(dirname(source), `${stem}.backup-${stamp}${extension || ".sqlite"}`);
}

/**
 * Copies the journal at `source` to `destination` (default {@link defaultBackupPath}) with
 * SQLite's online backup API, in one step, so the copy is the journal as of one committed
 * transaction even while a bot writes it (WAL readers do not block the writer). The copy is a
 * single self-contained file (rollback-journal mode; a bot reopening it switches it to WAL),
 * written beside the destination and renamed into place once it passes `integrity_check`.
 * Refuses to overwrite an existing file.
 *
 * @example
 * const { destination } = await backupJournal("journal/paper.sqlite");
 */
export async function backupJournal(
  source: string,
  destination: string = defaultBackupPath(source),
): Promise<JournalBackup> {
  const started = performance.now();
  if (!existsSync(source)) {
    throw new JournalError(
      "ERR_JOURNAL_UNAVAILABLE",
      `Cannot back up journal "${source}": it does not exist`,
      source,
    );
  }
  if (existsSync(destination)) {
    throw new JournalError(
      "ERR_JOURNAL_UNAVAILABLE",
      `Cannot back up journal "${source}" to "${destination}": the destination exists; choose another --to`,
      source,
    );
  }
  const partial = `${destination}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  let pages: number;
  try {
    db.pragma("busy_timeout = 5000");
    // One step copies every page under one read transaction: a consistent snapshot.
    pages = (await db.backup(partial, { progress: () => 0x7fffffff })).totalPages;
  } catch (error) {
    rmSync(partial, { force: true });
    if (isCorruption(error)) throw damagedJournalError(source, (error as Error).message, error);
    throw new JournalError(
      "ERR_JOURNAL_UNAVAILABLE",
      `Cannot back up journal "${source}" to "${destination}": ${(error as Error).message}`,
      source,
      { cause: error },
    );
  } finally {
    db.close();
  }
  const copy = new Database(partial);
  try {
    copy.pragma("journal_mode = DELETE");
  } finally {
    copy.close();
  }
  const check = checkJournal(partial, "full");
  if (!check.ok) {
    rmSync(partial, { force: true });
    throw new JournalError(
      "ERR_JOURNAL_CORRUPT",
      `Backup of journal "${source}" fails its integrity check (${check.problems[0]}): the journal is damaged; run "tradewatch journal check ${source}"`,
      source,
    );
  }
  renameSync(partial, destination);
  return {
    source,
    destination,
    pages,
    check: { ...check, path: destination },
    durationMs: performance.now() - started,
  };
}
