/** @module `tradewatch run` killed with SIGKILL restarts from its journal: same fills, same cash. */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Journal } from "../../src/analytics/journal/journal.js";
import { freePort } from "../support/free-port.js";

const directory = mkdtempSync(join(tmpdir(), "tradewatch-run-restart-"));
const journalPath = join(directory, "paper.sqlite");
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(directory, { recursive: true, force: true });
});

interface RunningBot {
  readonly child: ChildProcess;
  readonly url: string;
  /** The status line the run command prints once serving. */
  readonly banner: string;
}

async function startRun(): Promise<RunningBot> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/cli/bin.ts", "run", "--port", String(port), "--speed", "6000"].concat([
      "--journal",
      journalPath,
      "--fault-rate",
      "0",
    ]),
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  children.push(child);
  let stderr = "";
  const banner = await new Promise<string>((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const line = stderr
        .split("\n")
        .find((text) => text.startsWith("tradewatch run: paper trading"));
      if (line !== undefined) resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`run exited with ${code}: ${stderr}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, banner };
}

async function filledOrders(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("tradewatch_orders_filled_total")) total += Number(line.split(" ").pop());
  }
  return total;
}

describe("tradewatch run with a journal", () => {
  it("restores exactly what the journal holds after SIGKILL mid-run", async () => {
    const first = await startRun();
    expect(first.banner).toContain(`journal ${journalPath};`);
    const deadline = Date.now() + 60_000;
    while ((await filledOrders(first.url)) < 5) {
      if (Date.now() > deadline) throw new Error("no fills within 60 s");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const exited = new Promise((resolve) => first.child.once("exit", resolve));
    first.child.kill("SIGKILL");
    await exited;

    const journal = Journal.open({ path: journalPath, readOnly: true });
    const before = journal.portfolio();
    journal.close();
    expect(before.fillCount).toBeGreaterThanOrEqual(5);

    const second = await startRun();
    expect(second.banner).toContain(
      `journal ${journalPath} (restored ${before.fillCount} fills, cash ${before.cash.toFixed(2)})`,
    );
    const closed = new Promise((resolve) => second.child.once("exit", resolve));
    second.child.kill("SIGTERM");
    await closed;

    const info = spawnSync(
      process.execPath,
      ["--import", "tsx", "src/cli/bin.ts", "journal", "info", "--journal", journalPath],
      { encoding: "utf8" },
    );
    const after = JSON.parse(info.stdout) as { portfolio: { fillCount: number } };
    expect(after.portfolio.fillCount).toBeGreaterThanOrEqual(before.fillCount);
  }, 120_000);
});
