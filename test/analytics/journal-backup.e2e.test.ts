/** @module `tradewatch journal backup` while another process writes: the copy passes `journal check` and restores. */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Journal } from "../../src/analytics/journal/journal.js";

const writer = fileURLToPath(new URL("./fixtures/fill-writer.ts", import.meta.url));
const directory = mkdtempSync(join(tmpdir(), "tradewatch-journal-backup-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(directory, { recursive: true, force: true });
});

/** More fills than the writer reaches before it is stopped: it writes throughout the backup. */
const ENDLESS = 1_000_000;
/** Fills the writer resumed from the copy adds after the copy's last one. */
const MORE_FILLS = 50;

interface Exited {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function spawnNode(args: readonly string[], onLine?: (line: string) => void) {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  let buffer = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    buffer += chunk.toString();
    let newline = buffer.indexOf("\n");
    while (newline !== -1) {
      onLine?.(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf("\n");
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<Exited>((resolve) =>
    child.once("close", (code) => resolve({ code, stdout, stderr })),
  );
  return { child, exited };
}

function portfolioOf(path: string) {
  const journal = Journal.open({ path, readOnly: true });
  try {
    return journal.portfolio();
  } finally {
    journal.close();
  }
}

describe("tradewatch journal backup", () => {
  it("copies a journal while another process writes it; the copy passes check and a writer resumes from it", async () => {
    const live = join(directory, "live.sqlite");
    const copy = join(directory, "copy.sqlite");
    let acknowledged = 0;
    let reachedStart: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      reachedStart = resolve;
    });
    const writing = spawnNode([writer, live, String(ENDLESS)], (line) => {
      if (!line.startsWith("ACK ")) return;
      acknowledged++;
      if (acknowledged === 50) reachedStart();
    });
    await started;

    const ackedBefore = acknowledged;
    const backup = await spawnNode(["src/cli/bin.ts", "journal", "backup", live, "--to", copy])
      .exited;
    const ackedAfter = acknowledged;
    writing.child.kill("SIGKILL");
    await writing.exited;
    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(
      new RegExp(`^Backed up ${live} to ${copy}: \\d+ pages, \\d+ fills, integrity_check ok`),
    );
    // The writer kept writing while the backup ran, and the copy is a snapshot from the middle.
    expect(ackedAfter).toBeGreaterThan(ackedBefore);
    const snapshot = portfolioOf(copy);
    expect(snapshot.fillCount).toBeGreaterThanOrEqual(ackedBefore);
    expect(existsSync(`${copy}-wal`)).toBe(false); // one self-contained file

    const check = await spawnNode(["src/cli/bin.ts", "journal", "check", copy]).exited;
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(`Journal ${copy}: ok (integrity_check`);

    // Restore: a writer started on the copy resumes after its last fill and ends where a writer
    // that was never interrupted ends, bit for bit.
    const total = String(snapshot.fillCount + MORE_FILLS);
    const resumed = await spawnNode([writer, copy, total]).exited;
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`RESTORED ${snapshot.fillCount}\n`);
    const reference = join(directory, "reference.sqlite");
    expect((await spawnNode([writer, reference, total]).exited).code).toBe(0);
    const expected = portfolioOf(reference);
    const actual = portfolioOf(copy);
    expect(actual.fillCount).toBe(snapshot.fillCount + MORE_FILLS);
    expect(actual.cash).toBe(expected.cash);
    expect(actual.realizedPnl).toBe(expected.realizedPnl);
    expect(actual.positions).toEqual(expected.positions);
  }, 180_000);

  it("refuses to overwrite an existing file", async () => {
    const source = join(directory, "small.sqlite");
    Journal.open({ path: source, initialCash: 10 }).close();
    const result = await spawnNode(["src/cli/bin.ts", "journal", "backup", source, "--to", source])
      .exited;
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `tradewatch journal: Cannot back up journal "${source}" to "${source}": the destination exists; choose another --to (ERR_JOURNAL_UNAVAILABLE)`,
    );
  });
});
