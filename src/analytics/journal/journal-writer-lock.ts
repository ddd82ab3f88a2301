/** @module One writer per journal: a kernel-held lock on `<journal>-lock` that a dead process cannot keep. */
import { hostname } from "node:os";
import Database from "better-sqlite3";
import { JournalError } from "../journal-error.js";

/** The process that holds a journal's writer lock, as recorded in the journal's `meta` table. */
export interface JournalWriter {
  readonly pid: number;
  readonly host: string;
  /** ISO 8601 time the writer opened the journal. */
  readonly since: string;
}

/** The `meta` key under which the writer records itself. */
export const WRITER_META_KEY = "writer";

/** How long a refused opener waits for the new holder to record itself, for the message. */
const HOLDER_WAIT_MS = 2_000;

/**
 * The writer lock of one journal file. It is an exclusive SQLite (POSIX `fcntl`) lock on the
 * sidecar file `<journal>-lock`, taken without waiting and held until {@link release}: the kernel
 * drops it when the holder exits, even by SIGKILL, so a dead bot never locks its journal. The
 * sidecar stays on disk (deleting it could let two processes lock two different files).
 * Readers do not take it: reports and `journal info` read the journal while its bot writes.
 *
 * @example
 * const lock = JournalWriterLock.acquire("journal/paper.sqlite"); // throws ERR_JOURNAL_LOCKED
 * try { ... } finally { lock.release(); }
 */
export class JournalWriterLock {
  readonly journalPath: string;
  readonly #db: Database.Database;

  private constructor(journalPath: string, db: Database.Database) {
    this.journalPath = journalPath;
    this.#db = db;
  }

  /** Returns the sidecar file holding the lock of `journalPath`. */
  static lockPath(journalPath: string): string {
    return `${journalPath}-lock`;
  }

  /** Returns this process as a journal writer. */
  static currentWriter(): JournalWriter {
    return { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  }

  /**
   * Takes the writer lock of `journalPath` at once, or throws a {@link JournalError}
   * `ERR_JOURNAL_LOCKED` naming the journal and the process (pid, host, since) that holds it.
   */
  static acquire(journalPath: string): JournalWriterLock {
    const lockPath = JournalWriterLock.lockPath(journalPath);
    let db: Database.Database | undefined;
    try {
      db = new Database(lockPath);
      db.pragma("busy_timeout = 0");
      db.exec("BEGIN EXCLUSIVE");
      return new JournalWriterLock(journalPath, db);
    } catch (error) {
      if (db?.open === true) db.close();
      if ((error as { code?: unknown }).code !== "SQLITE_BUSY") {
        throw new JournalError(
          "ERR_JOURNAL_UNAVAILABLE",
          `Cannot lock journal "${journalPath}" for writing (lock file "${lockPath}"): ${(error as Error).message}`,
          journalPath,
          { cause: error },
        );
      }
      throw lockedError(journalPath, recordedHolder(journalPath));
    }
  }

  /** Releases the lock; another process may then open the journal for writing. Idempotent. */
  release(): void {
    if (this.#db.open) this.#db.close();
  }
}

function lockedError(journalPath: string, holder: JournalWriter | undefined): JournalError {
  const who =
    holder === undefined
      ? "another process (it has not recorded its pid yet)"
      : `process ${holder.pid} on host ${holder.host} (writing since ${holder.since})`;
  return new JournalError(
    "ERR_JOURNAL_LOCKED",
    `Journal "${journalPath}" is locked by ${who}: one writer at a time; stop that bot first, or read the journal with "tradewatch journal info" or "tradewatch report"`,
    journalPath,
  );
}

/**
 * Returns the holder recorded in the journal. A just-started holder records itself a few
 * milliseconds after taking the lock, so a record naming a dead process on this host is retried.
 */
function recordedHolder(journalPath: string): JournalWriter | undefined {
  const deadline = Date.now() + HOLDER_WAIT_MS;
  for (;;) {
    const holder = readWriter(journalPath);
    if (holder !== undefined && isAlive(holder)) return holder;
    if (Date.now() >= deadline) return undefined;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}

/** Returns the writer recorded in the journal's `meta`, if the journal can be read. */
export function readWriter(journalPath: string): JournalWriter | undefined {
  let db: Database.Database | undefined;
  try {
    db = new Database(journalPath, { readonly: true, fileMustExist: true });
    db.pragma("busy_timeout = 1000");
    const row = db.prepare("SELECT value FROM meta WHERE key = ?").get(WRITER_META_KEY) as
      | { value: string }
      | undefined;
    if (row === undefined) return undefined;
    const writer = JSON.parse(row.value) as Partial<JournalWriter>;
    if (typeof writer.pid !== "number" || typeof writer.host !== "string") return undefined;
    return { pid: writer.pid, host: writer.host, since: String(writer.since) };
  } catch {
    return undefined;
  } finally {
    if (db?.open === true) db.close();
  }
}

/** Whether the writer's process runs (always assumed for another host, which cannot be asked). */
function isAlive(writer: JournalWriter): boolean {
  if (writer.host !== hostname()) return true;
  try {
    process.kill(writer.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
