/** @module Integrity of a journal file: SQLite's own checks, the journal's invariants, and the error a damaged file gives. */
import { statSync } from "node:fs";
import Database from "better-sqlite3";
import { JournalError } from "../journal-error.js";

/** Which SQLite check to run: `quick` (`PRAGMA quick_check`, on every open) or `full` (`integrity_check`). */
export type IntegrityCheck = "quick" | "full";

/** The outcome of {@link checkJournal}. */
export interface JournalCheckResult {
  readonly path: string;
  readonly ok: boolean;
  /** What SQLite and the journal's invariants report; empty when `ok`. */
  readonly problems: readonly string[];
  readonly check: IntegrityCheck;
  readonly bytes: number;
  /** Rows in `fills` (undefined when the file cannot be read). */
  readonly fills: number | undefined;
  readonly durationMs: number;
}

/** The most problems a check lists (SQLite can report one per damaged page). */
const MAX_PROBLEMS = 100;

/**
 * Checks a journal file without changing it (read-only, safe while its bot writes): SQLite's
 * `integrity_check` (or `quick_check`), then the journal's own invariant that the account row has
 * counted every fill in the fills table (two writers break it). Never throws for a damaged file:
 * the damage is in `problems`.
 *
 * @example
 * const result = checkJournal("journal/paper.sqlite");
 * if (!result.ok) console.error(result.problems.join("\n"));
 */
export function checkJournal(path: string, check: IntegrityCheck = "full"): JournalCheckResult {
  const started = performance.now();
  const bytes = statSync(path).size;
  const problems: string[] = [];
  let fills: number | undefined;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma("busy_timeout = 5000");
    problems.push(...sqliteProblems(db, check));
    if (problems.length === 0) {
      const tables = new Set(
        (
          db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
            name: string;
          }[]
        ).map((row) => row.name),
      );
      if (!tables.has("meta") || !tables.has("account") || !tables.has("fills")) {
        problems.push("not a tradewatch journal: it has no meta, account or fills table");
      } else {
        fills = (db.prepare("SELECT COUNT(*) AS n FROM fills").get() as { n: number }).n;
        const account = db.prepare("SELECT fill_count FROM account WHERE id = 1").get() as
          | { fill_count: number }
          | undefined;
        if (account === undefined) problems.push("the account row is missing");
        else if (account.fill_count < fills) {
          problems.push(
            `the account row counts ${account.fill_count} fills, the fills table holds ${fills}: more than one process wrote this journal`,
          );
        }
      }
    }
  } catch (error) {
    problems.push(describeSqliteError(error));
  } finally {
    if (db?.open === true) db.close();
  }
  return {
    path,
    ok: problems.length === 0,
    problems,
    check,
    bytes,
    fills,
    durationMs: performance.now() - started,
  };
}

/**
 * Runs `quick_check` on an open journal connection and throws {@link damagedJournalError} when
 * SQLite reports damage (about 80 ms for a 32 MB journal of 100 000 fills).
 */
export function requireIntact(db: Database.Database, path: string): void {
  const problems = sqliteProblems(db, "quick");
  if (problems.length > 0) throw damagedJournalError(path, problems[0] ?? "damaged");
}

/** Returns whether `error` is SQLite saying the file is damaged or not a database. */
export function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    typeof code === "string" &&
    (code.startsWith("SQLITE_CORRUPT") || code.startsWith("SQLITE_NOTADB"))
  );
}

/**
 * Returns the `ERR_JOURNAL_CORRUPT` error for a damaged journal: one line naming the file, what
 * SQLite found, and the way out.
 */
export function damagedJournalError(path: string, detail: string, cause?: unknown): JournalError {
  return new JournalError(
    "ERR_JOURNAL_CORRUPT",
    `Cannot open journal "${path}": ${oneLine(detail)} (the file is damaged); ` +
      `run "tradewatch journal check ${path}" for the full report, then restore a backup taken with ` +
      `"tradewatch journal backup", or move the file aside to start a new journal`,
    path,
    cause === undefined ? undefined : { cause },
  );
}

function sqliteProblems(db: Database.Database, check: IntegrityCheck): string[] {
  const pragma = check === "quick" ? "quick_check" : "integrity_check";
  const rows = db.pragma(`${pragma}(${MAX_PROBLEMS})`) as Record<string, string>[];
  const lines = rows.map((row) => String(Object.values(row)[0]));
  return lines.length === 1 && lines[0] === "ok" ? [] : lines;
}

function describeSqliteError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = (error as Error).message;
  return typeof code === "string" ? `${message} (${code})` : message;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
