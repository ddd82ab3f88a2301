/** @module A restarted `tradewatch run` (wall clock) trades: its exchange holds the journal's balances. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/free-port.js";

const directory = mkdtempSync(join(tmpdir(), "tradewatch-restart-rejections-"));
const journalPath = join(directory, "paper.sqlite");
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(directory, { recursive: true, force: true });
});

async function startRun(): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/cli/bin.ts", "run", "--port", String(port), "--speed", "3000"].concat([
      "--journal",
      journalPath,
      "--fault-rate",
      "0",
      "--no-dashboard",
    ]),
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  children.push(child);
  let stderr = "";
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes("tradewatch run: paper trading")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`run exited with ${code}: ${stderr}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

/** The sum of the samples of `name` whose line contains every label. */
async function sample(url: string, name: string, ...labels: string[]): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    if (labels.every((label) => line.includes(label))) total += Number(line.split(" ").pop());
  }
  return total;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("tradewatch run restarted on the wall clock", () => {
  it("has no insufficient_funds rejections and no API errors in its first seconds", async () => {
    const first = await startRun();
    const deadline = Date.now() + 60_000;
    while ((await sample(first.url, "tradewatch_orders_filled_total")) < 10) {
      if (Date.now() > deadline) throw new Error("no 10 fills within 60 s");
      await sleep(200);
    }
    await stop(first.child);

    const second = await startRun();
    await sleep(12_000);
    const filled = await sample(second.url, "tradewatch_orders_filled_total");
    const insufficient = await sample(
      second.url,
      "tradewatch_orders_rejected_total",
      'reason="insufficient_funds"',
    );
    const apiErrors = await sample(second.url, "tradewatch_exchange_api_errors_total{");
    console.log(
      `restart: ${filled} fills, ${insufficient} insufficient_funds rejections, ${apiErrors} API errors in 12 s`,
    );
    await stop(second.child);
    expect(insufficient).toBe(0);
    expect(apiErrors).toBe(0);
    expect(filled).toBeGreaterThan(0);
  }, 120_000);
});
