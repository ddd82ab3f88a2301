/** @module One writer per journal: a second `tradewatch run` is refused at once, naming the holder; a SIGKILLed holder blocks nothing. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Journal } from "../../src/analytics/journal/journal.js";
import { freePort } from "../support/free-port.js";

const directory = mkdtempSync(join(tmpdir(), "tradewatch-journal-lock-"));
const journalPath = join(directory, "paper.sqlite");
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(directory, { recursive: true, force: true });
});

interface Exited {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

function tradewatch(args: readonly string[]): { child: ChildProcess; exited: Promise<Exited> } {
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<Exited>((resolve) =>
    child.once("close", (code) =>
      resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 }),
    ),
  );
  return { child, exited };
}

/** Resolves when the process exits, or SIGKILLs it after `ms` (its exit code is then null). */
async function exitWithin(
  started: { child: ChildProcess; exited: Promise<Exited> },
  ms: number,
): Promise<Exited> {
  const timer = setTimeout(() => started.child.kill("SIGKILL"), ms);
  try {
    return await started.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Starts `tradewatch run` on the journal and resolves once it serves (its status line). */
async function startRun(): Promise<ChildProcess> {
  const port = await freePort();
  const { child, exited } = tradewatch([
    "run",
    "--journal",
    journalPath,
    "--port",
    String(port),
    "--speed",
    "6000",
    "--fault-rate",
    "0",
  ]);
  let stderr = "";
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes("tradewatch run: paper trading")) resolve();
    });
    void exited.then((result) =>
      reject(new Error(`run exited with ${result.code}: ${result.stderr}`)),
    );
  });
  return child;
}

/** Rows the journal holds (fills and equity snapshots), read as `journal info` reads them. */
function journaledRows(): number {
  const journal = Journal.open({ path: journalPath, readOnly: true });
  try {
    const counts = journal.counts();
    return counts.fills! + counts.equity_snapshots!;
  } finally {
    journal.close();
  }
}

async function waitFor(condition: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("one writer per journal", () => {
  it("refuses a second run at once, naming the journal and the holder's pid, while the first keeps writing", async () => {
    const first = await startRun();
    await waitFor(() => journaledRows() > 0, "the first run journals something");

    const second = await exitWithin(
      tradewatch(["run", "--journal", journalPath, "--port", String(await freePort()), "--quiet"]),
      30_000,
    );
    expect(second.code).toBe(1);
    const lines = second.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      `Journal "${journalPath}" is locked by process ${first.pid} on host`,
    );
    expect(lines[0]).toContain("(ERR_JOURNAL_LOCKED)");
    // "at once": the time to start node and tsx, not a lock timeout
    expect(second.seconds).toBeLessThan(15);

    // The first run is still running and still journaling.
    expect(first.exitCode).toBeNull();
    const before = journaledRows();
    await waitFor(() => journaledRows() > before, "the first run keeps journaling", 30_000);

    // Readers work while the bot writes; a second writer (prune) is refused like a second run.
    const info = await tradewatch(["journal", "info", "--journal", journalPath]).exited;
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout).path).toBe(journalPath);
    const prune = await tradewatch(["journal", "prune", "--journal", journalPath]).exited;
    expect(prune.code).toBe(1);
    expect(prune.stderr).toContain(`is locked by process ${first.pid}`);

    // SIGKILL: the kernel drops the dead holder's lock, so the next run starts.
    const killed = new Promise((resolve) => first.once("exit", resolve));
    first.kill("SIGKILL");
    await killed;
    const next = await startRun();
    const afterRestart = journaledRows();
    await waitFor(() => journaledRows() > afterRestart, "the restarted run journals", 30_000);
    const stopped = new Promise((resolve) => next.once("exit", resolve));
    next.kill("SIGTERM");
    await stopped;
  }, 180_000);
});
