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
    expect(first.stderr.split("\n")[0]).toMatch(/^checking {2}\[\.{20}\]\s+0%/);
    expect(first.stderr).toMatch(
      /replaying \[#{20}\] 100%\s+[\d.]+ \/ [\d.]+ MiB\s+[\d,]+ bars\/s/,
    );
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

  it("refuses empty, invalid and unsorted input with one line naming the file and line", () => {
    const header = "timestamp,open,high,low,close,volume";
    const write = (name: string, lines: readonly string[]) => {
      const path = join(dir, name);
      writeFileSync(path, lines.map((line) => `${line}\n`).join(""));
      return path;
    };
    const highBelowLow = [header];
    for (let index = 0; index < 1000; index++) {
      highBelowLow.push(`${1704067200000 + index * 60_000},10,9,11,10,5`);
    }
    const cases: [string[], RegExp][] = [
      [["--data", write("empty.csv", [])], /empty\.csv: no bars \(the file is empty\)/],
      [
        ["--data", write("header.csv", [header])],
        /header\.csv: no bars \(the file is empty but for its header\)/,
      ],
      [
        ["--data", write("high-below-low.csv", highBelowLow)],
        /high-below-low\.csv line 2: high below low: high 9, low 11/,
      ],
      [
        ["--data", join(dir, "high-below-low.csv"), "--skip-invalid-bars"],
        /every bar is invalid \(1000 high below low \(first at line 2\)\)/,
      ],
      [
        [
          "--data",
          write("unsorted.csv", [
            header,
            "1704067260000,1,2,0.5,1.5,1",
            "1704067200000,1,2,0.5,1.5,1",
          ]),
        ],
        /unsorted\.csv line 3: time goes backwards: UNSORTED at 2024-01-01T00:00:00\.000Z comes after 2024-01-01T00:01:00\.000Z on line 2; sort the rows by time, or pass --sort/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = tradewatch("backtest", ...args, "--no-metrics");
      expect(result.status, args.join(" ")).toBe(1);
      const errors = result.stderr
        .split("\n")
        .filter((line) => line.startsWith("tradewatch backtest:"));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stdout).toBe("");
    }
    const sorted = tradewatch(
      "backtest",
      "--data",
      join(dir, "unsorted.csv"),
      "--sort",
      "--json",
      "--no-metrics",
    );
    expect(sorted.status).toBe(0);
    expect(JSON.parse(sorted.stdout).bars).toBe(2);
    const mixed = write("mixed.csv", [
      header,
      "1704067200000,1,2,0.5,1.5,1",
      "1704067260000,1,0.5,2,1.5,1",
      "1704067320000,0,2,0.5,1.5,1",
      "1704067380000,1,2,0.5,1.5,1",
    ]);
    const skipped = tradewatch(
      "backtest",
      "--data",
      mixed,
      "--skip-invalid-bars",
      "--json",
      "--no-metrics",
    );
    expect(skipped.status).toBe(0);
    expect(skipped.stderr).toContain(
      `tradewatch backtest: skipped invalid bars of ${mixed}: 1 high below low (first at line 3), 1 non-positive price (first at line 4)`,
    );
    expect(JSON.parse(skipped.stdout).bars).toBe(2);
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
