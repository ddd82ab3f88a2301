/**
 * @module `tradewatch run` (what `npm start` runs) feeds the data plane's incident and storage
 * metrics on its own: clock-drifted and malformed ticks (`--data-fault-rate`), order flow
 * imbalance events, and the bar archive beside the journal, read from its `/metrics` as an
 * operator's Prometheus would.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/free-port.js";

const root = new URL("../..", import.meta.url).pathname;
const directory = mkdtempSync(join(tmpdir(), "tradewatch-run-data-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Sums every series of `name` in a text scrape whose labels contain `labels`. */
function total(scrape: string, name: string, labels = ""): number {
  let sum = 0;
  for (const line of scrape.split("\n"))
    if (line.startsWith(`${name}{`) && line.includes(labels))
      sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  return sum;
}

describe("tradewatch run's data plane", () => {
  it("counts injected data faults, OFI events and market data writes on /metrics", async () => {
    const port = await freePort();
    const journal = join(directory, "paper.sqlite");
    const child = spawn(
      "npx",
      [
        "tsx",
        "src/cli/bin.ts",
        "run",
        "--port",
        String(port),
        "--journal",
        journal,
        "--data-fault-rate",
        "0.01",
        "--speed",
        "3000",
        "--duration",
        "120",
        "--quiet",
      ],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    let output = "";
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      const names = [
        "tradewatch_data_clock_drift_rejections_total",
        "tradewatch_data_normalization_errors_total",
        "tradewatch_data_dead_letter_messages_total",
        "tradewatch_data_order_flow_imbalance_events_total",
      ];
      let scrape = "";
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        try {
          scrape = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        } catch {
          continue;
        }
        if (names.every((name) => total(scrape, name) > 0)) break;
      }
      for (const name of names)
        expect(total(scrape, name), `${name}\n${output}`).toBeGreaterThan(0);
      expect(total(scrape, "tradewatch_data_dead_letter_messages_total")).toBe(
        total(scrape, "tradewatch_data_normalization_errors_total"),
      );
      expect(
        total(scrape, "tradewatch_data_storage_writes_total", 'outcome="success"'),
      ).toBeGreaterThan(0);
      expect(total(scrape, "tradewatch_data_storage_write_duration_seconds_count")).toBeGreaterThan(
        0,
      );
      expect(existsSync(join(directory, "paper.bars.csv"))).toBe(true);
    } finally {
      // npx, tsx and the bot are one process group: stop them all, as Ctrl-C does.
      if (child.pid !== undefined) process.kill(-child.pid, "SIGINT");
      await exited;
    }
  }, 120_000);

  it("refuses a data fault rate outside 0..1 in one line", () => {
    const result = spawnSync("npx", ["tsx", "src/cli/bin.ts", "run", "--data-fault-rate", "2"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).toContain(
      'tradewatch run: Invalid --data-fault-rate "2": must be a number from 0 to 1',
    );
  });
});
