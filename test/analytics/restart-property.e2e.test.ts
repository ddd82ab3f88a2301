/**
 * @module Restart continuity as a property: a seeded `tradewatch run --clock market` killed with
 * SIGKILL at random cycles (one of them while a limit order rests on the paper exchange) and
 * restarted each time makes exactly the fills of an uninterrupted run of the same length.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";

const directory = mkdtempSync(join(tmpdir(), "tradewatch-restart-property-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(directory, { recursive: true, force: true });
});

const seed = 7;
const totalCycles = 1_200;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Run {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  stderr(): string;
}

/** Starts `tradewatch run` on the market clock; `speed` only paces the cycles. */
function startRun(journal: string, speed: number): Run {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/cli/bin.ts",
      "run",
      "--clock",
      "market",
      "--seed",
      String(seed),
      "--cycles",
      String(totalCycles),
      "--speed",
      String(speed),
      "--port",
      "0",
      "--no-dashboard",
      "--journal",
      journal,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, exited, stderr: () => stderr };
}

/** Reads the journal the way an operator's `sqlite3 -readonly` would, while the bot writes. */
function query<T>(path: string, sql: string): T[] {
  if (!existsSync(path)) return [];
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  } catch {
    return []; // the schema is still being created
  }
}

interface FillRow {
  order_id: string;
  strategy: string;
  symbol: string;
  side: string;
  quantity: number;
  price: number;
  fee: number;
  timestamp: number;
}

const fills = (path: string) =>
  query<FillRow>(
    path,
    "SELECT order_id, strategy, symbol, side, quantity, price, fee, timestamp FROM fills ORDER BY sequence",
  );
const cyclesJournaled = (path: string) =>
  query<{ n: number }>(path, "SELECT count(*) AS n FROM equity_snapshots")[0]?.n ?? 0;
const restingOrders = (path: string) =>
  query<{ order_id: string }>(
    path,
    "SELECT order_id FROM orders WHERE type = 'limit' AND status IN ('acknowledged', 'partially_filled')",
  );

/** Polls until `condition` holds, then kills the bot with SIGKILL; returns what held. */
async function killWhen<T>(run: Run, condition: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const held = condition();
    if (held !== undefined) {
      run.child.kill("SIGKILL");
      await run.exited;
      return held;
    }
    if (run.child.exitCode !== null) throw new Error(`run ended before the kill:\n${run.stderr()}`);
    if (Date.now() > deadline) throw new Error(`kill condition not met in 90 s:\n${run.stderr()}`);
    await sleep(3);
  }
}

describe("tradewatch run restarted after SIGKILL (--clock market)", () => {
  it("makes exactly the fills of an uninterrupted run, whatever cycle it was killed at", async () => {
    // The reference: one uninterrupted run of totalCycles cycles, as fast as it goes.
    const reference = join(directory, "uninterrupted.sqlite");
    const whole = startRun(reference, 1e7);
    expect(await whole.exited, whole.stderr()).toBe(0);
    const expected = fills(reference);
    expect(expected.length).toBeGreaterThan(40);

    // Random kill cycles (fast-check, seeded so a failure replays), in increasing order.
    const [killCycles] = fc.sample(
      fc.uniqueArray(fc.integer({ min: 30, max: totalCycles - 100 }), {
        minLength: 3,
        maxLength: 3,
      }),
      { seed: 20261204, numRuns: 1 },
    );
    const kills = [...killCycles!].sort((a, b) => a - b);

    const restarted = join(directory, "restarted.sqlite");
    const seen: string[] = [];
    // Kill 1: while a limit order rests on the exchange (acknowledged, not yet filled).
    let run = startRun(restarted, 3_000);
    const resting = await killWhen(run, () => restingOrders(restarted)[0]?.order_id);
    seen.push(`mid-order ${resting} at cycle ${cyclesJournaled(restarted)}`);
    // Kills 2-4: at random cycles.
    for (const cycle of kills) {
      run = startRun(restarted, 3_000);
      const at = await killWhen(run, () => {
        const n = cyclesJournaled(restarted);
        return n >= cycle ? n : undefined;
      });
      expect(run.stderr()).toMatch(/restoring: replayed \d+ cycles and \d+ fills/);
      seen.push(`cycle ${at}`);
    }
    // The last restart runs to the end.
    run = startRun(restarted, 1e7);
    expect(await run.exited, run.stderr()).toBe(0);
    expect(run.stderr()).toMatch(/restoring: replayed \d+ cycles and \d+ fills/);

    const actual = fills(restarted);
    expect(seen).toHaveLength(4);
    expect(actual.length, `kills: ${seen.join(", ")}`).toBe(expected.length);
    expect(actual, `kills: ${seen.join(", ")}`).toEqual(expected);
    // The order that rested when the bot was killed ended as it did in the uninterrupted run.
    const statusOf = (path: string) =>
      query<{ status: string; filled_quantity: number }>(
        path,
        `SELECT status, filled_quantity FROM orders WHERE order_id = '${resting}'`,
      );
    expect(statusOf(restarted)).toEqual(statusOf(reference));
    // Same account at the end: cash and positions.
    const account = (path: string) =>
      query(path, "SELECT symbol, quantity FROM positions ORDER BY symbol");
    expect(account(restarted)).toEqual(account(reference));
  }, 240_000);
});
