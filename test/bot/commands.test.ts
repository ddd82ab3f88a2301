import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatOhlcvCsv } from "../../src/bot/market/csv/format-ohlcv-csv.js";
import { SimulatedMarket } from "../../src/bot/market/simulated/simulated-market.js";

const root = new URL("../..", import.meta.url).pathname;
const tradewatch = (...args: string[]) =>
  spawnSync("npx", ["tsx", "src/cli/bin.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
  });

describe("tradewatch backtest and run on the command line", () => {
  let dir: string;
  let csv: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tradewatch-backtest-"));
    const market = new SimulatedMarket({
      seed: 31,
      symbols: ["BTC/USD", "ETH/USD"],
      badBarRate: 0,
    });
    const bars = [];
    for (let index = 0; index < 2_000; index++) bars.push(...market.step().bars);
    csv = join(dir, "bars.csv");
    writeFileSync(csv, formatOhlcvCsv(bars));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("backtests a CSV with a progress bar on stderr and a summary on stdout, the same twice", () => {
    const metricsFile = join(dir, "metrics.txt");
    const first = tradewatch("backtest", "--data", csv, "--metrics-out", metricsFile);
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/\[#{30}\] 100%\s+2000\/2000 cycles/);
    expect(first.stdout).toContain("Backtest summary");
    expect(first.stdout).toMatch(/cycles \/ bars\s+2000 \/ \d+/);
    expect(first.stdout).toMatch(/NAV\s+100000\.00 -> \d+\.\d\d/);
    expect(readFileSync(metricsFile, "utf8")).toMatch(/tradewatch_cycles_total\{[^}]*\} \d+/);
    const json = tradewatch("backtest", "--data", csv, "--json", "--no-metrics");
    const again = tradewatch("backtest", "--data", csv, "--json", "--no-metrics");
    const strip = (text: string) => ({ ...JSON.parse(text), elapsedSeconds: 0, barsPerSecond: 0 });
    expect(strip(json.stdout)).toEqual(strip(again.stdout));
    expect(strip(json.stdout).cycles).toBe(2000);
  });

  it("explains bad input instead of failing obscurely", () => {
    const missing = tradewatch("backtest");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("--data <file.csv>");
    const badRate = tradewatch("run", "--fault-rate", "2");
    expect(badRate.status).toBe(1);
    expect(badRate.stderr).toContain('Invalid --fault-rate "2": must be a number from 0 to 1');
  });

  it("prints --help for both commands", () => {
    const run = tradewatch("run", "--help");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: tradewatch run");
    expect(run.stdout).toContain("--fault-rate-limit");
    const backtest = tradewatch("backtest", "--help");
    expect(backtest.status).toBe(0);
    expect(backtest.stdout).toContain("Usage: tradewatch backtest --data <file.csv>");
  });
});
