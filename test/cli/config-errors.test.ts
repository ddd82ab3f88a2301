/** @module Every command-line and configuration mistake is one line per violation naming the flag or key and the value, a non-zero exit, no stack trace, and no hang: the real CLI, spawned. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
/** A process still running after this is hung (an exit takes 1-2 s alone, several when the cases run side by side). */
const DEADLINE_MS = 20_000;

interface Outcome {
  readonly code: number | null;
  readonly stderr: string;
  readonly ms: number;
  readonly killed: boolean;
}

/** Runs `tradewatch <args>` as a user would, killing it at the deadline. */
function tradewatch(args: readonly string[], env: Record<string, string>): Promise<Outcome> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !name.startsWith("METRICS_") &&
        !name.startsWith("TRADEWATCH_") &&
        name !== "PROMETHEUS_ENABLED",
    ),
  );
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], {
    cwd: root,
    env: { ...clean, NO_COLOR: "1", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr += chunk;
  });
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill("SIGKILL");
  }, DEADLINE_MS);
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: performance.now() - started, killed });
    });
  });
}

interface Case {
  /** What the user did. */
  readonly name: string;
  readonly args: readonly string[];
  /** tradewatch.yaml content (default: an empty file). */
  readonly yaml?: string;
  readonly env?: Record<string, string>;
  /** Each stderr line must contain, in order, the strings of its entry: the flag or key, and the value. */
  readonly lines: readonly (readonly string[])[];
}

describe("tradewatch with a bad command line or configuration", () => {
  const dir = mkdtempSync(join(tmpdir(), "tradewatch-config-errors-"));
  let busy: Server;
  let busyPort = 0;

  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    busyPort = (busy.address() as { port: number }).port;
    writeFileSync(join(dir, "header-only.csv"), "timestamp,open,high,low,close,volume\n");
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => busy.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const missing = "/nonexistent/bars.csv";
  // Filled in when the test runs: the port a test server already holds.
  const BUSY = "<busy port>";
  const cases: Case[] = [
    // run: flags
    { name: "a negative number", args: ["run", "--cash", "-5"], lines: [["--cash", '"-5"']] },
    { name: "a negative number joined", args: ["run", "--cash=-5"], lines: [["--cash", '"-5"']] },
    { name: "an unknown flag", args: ["run", "--bogus"], lines: [["--bogus"]] },
    { name: "a flag without its value", args: ["run", "--port"], lines: [["--port"]] },
    { name: "a dash value", args: ["run", "--data", "-x"], lines: [["--data", '"-x"']] },
    { name: "a fractional port", args: ["run", "--port", "1.5"], lines: [["--port", '"1.5"']] },
    {
      name: "a fractional cycle count",
      args: ["run", "--cycles", "2.5"],
      lines: [["--cycles", '"2.5"']],
    },
    { name: "a port too large", args: ["run", "--port", "70000"], lines: [["--port", '"70000"']] },
    {
      name: "a port in use",
      args: ["run", "--no-journal", "--port", BUSY],
      lines: [["--port", BUSY, "already in use"]],
    },
    {
      name: "a port in use, from the environment",
      args: ["run", "--no-journal"],
      env: { METRICS_PORT: BUSY },
      lines: [["METRICS_PORT", BUSY, "already in use"]],
    },
    {
      name: "a plane port in use",
      args: ["run", "--no-journal", "--port", "0", "--order-port", BUSY],
      lines: [["--order-port", BUSY, "already in use"]],
    },
    {
      name: "an unresolvable host",
      args: ["run", "--no-journal", "--port", "0", "--host", "nosuch.invalid"],
      lines: [["--host", '"nosuch.invalid"']],
    },
    {
      name: "a host that is not this machine's",
      args: ["run", "--no-journal", "--port", "0", "--host", "192.0.2.1"],
      lines: [["--host", '"192.0.2.1"']],
    },
    {
      name: "a plane port equal to the main port",
      args: ["run", "--no-journal", "--port", "9555", "--data-port", "9555"],
      lines: [["--data-port", '"9555"', "--port"]],
    },
    {
      name: "a plane port equal to the default port",
      args: ["run", "--no-journal", "--strategy-port", "9100"],
      lines: [["--strategy-port", '"9100"', "metrics.port"]],
    },
    {
      name: "a missing --data file",
      args: ["run", "--no-journal", "--market", "csv", "--data", missing],
      lines: [["--data", `"${missing}"`, "no such file"]],
    },
    {
      name: "--data naming a directory",
      args: ["run", "--no-journal", "--market", "csv", "--data", "/tmp"],
      lines: [["--data", '"/tmp"', "directory"]],
    },
    { name: "a bad seed", args: ["run", "--seed", "abc"], lines: [["--seed", '"abc"']] },
    { name: "a bad market", args: ["run", "--market", "nyse"], lines: [["--market", '"nyse"']] },
    { name: "a zero speed", args: ["run", "--speed", "0"], lines: [["--speed", '"0"']] },
    {
      name: "a fault rate above 1",
      args: ["run", "--fault-timeout", "1.5"],
      lines: [["--fault-timeout", '"1.5"']],
    },
    // run: tradewatch.yaml and the environment
    {
      name: "a top-level typo (auth would be off)",
      args: ["run", "--no-journal", "--port", "0"],
      yaml: "metric:\n  auth:\n    token: s3cret\n",
      lines: [['"metric"', 'did you mean "metrics"']],
    },
    {
      name: "a nested typo",
      args: ["run", "--no-journal", "--port", "0"],
      yaml: "metrics:\n  auth:\n    tokn: s3cret\n",
      lines: [['"metrics.auth.tokn"', 'did you mean "metrics.auth.token"']],
    },
    {
      name: "a blank token in the environment (everyone locked out)",
      args: ["run", "--no-journal", "--port", "0"],
      env: { METRICS_AUTH_TOKEN: " " },
      lines: [['"METRICS_AUTH_TOKEN"', "blank"]],
    },
    {
      name: "a blank password in the file",
      args: ["run", "--no-journal", "--port", "0"],
      yaml: 'metrics:\n  auth:\n    username: prometheus\n    password: "  "\n',
      lines: [['"metrics.auth.password"', "blank"]],
    },
    {
      name: "metrics.path / (the dashboard's path: used to print and keep running)",
      args: ["run", "--no-journal", "--port", "0"],
      yaml: "metrics:\n  path: /\n",
      lines: [['"metrics.path"', '"/"']],
    },
    {
      name: "metrics.path on the kill switch",
      args: ["run", "--no-journal", "--port", "0", "--no-dashboard"],
      env: { METRICS_PATH: "/kill-switch" },
      lines: [['"METRICS_PATH"', '"/kill-switch"']],
    },
    {
      name: "a plane port equal to metrics.port in the file",
      args: ["run", "--no-journal"],
      yaml: "metrics:\n  port: 9300\n  planes:\n    data:\n      port: 9300\n",
      lines: [['"metrics.planes.data.port"', "9300", '"metrics.port"']],
    },
    {
      name: "three mistakes at once: one line each",
      args: ["run", "--no-journal", "--port", "0"],
      yaml: "metric: {}\nmetrics:\n  port: abc\n  auth:\n    token: ' '\n",
      lines: [
        ['"metric"', 'did you mean "metrics"'],
        ['"metrics.auth.token"', "blank"],
        ['"metrics.port"', '"abc"'],
      ],
    },
    {
      name: "a config file that is not YAML",
      args: ["run", "--no-journal"],
      yaml: "metrics: [port: 1\n",
      lines: [["Invalid config file", "not valid YAML"]],
    },
    // backtest
    {
      name: "backtest: a missing --data file",
      args: ["backtest", "--data", missing],
      lines: [["--data", `"${missing}"`, "no such file"]],
    },
    {
      name: "backtest: a negative number",
      args: ["backtest", "--data", "header-only.csv", "--cash", "-5"],
      lines: [["--cash", '"-5"']],
    },
    { name: "backtest: an unknown flag", args: ["backtest", "--bogus"], lines: [["--bogus"]] },
    { name: "backtest: --data without a value", args: ["backtest", "--data"], lines: [["--data"]] },
    {
      name: "backtest: a fault rate above 1",
      args: ["backtest", "--data", missing, "--fault-rate", "2"],
      lines: [["--data", `"${missing}"`]],
    },
    // stack
    {
      name: "stack up: a negative port",
      args: ["stack", "up", "--prometheus-port", "-1"],
      lines: [["--prometheus-port", '"-1"']],
    },
    {
      name: "stack up: a fractional port",
      args: ["stack", "up", "--alertmanager-port", "9093.5"],
      lines: [["--alertmanager-port", '"9093.5"']],
    },
    { name: "stack up: an unknown flag", args: ["stack", "up", "--bogus"], lines: [["--bogus"]] },
    {
      name: "stack up: a time scale above 1",
      args: ["stack", "up", "--time-scale", "5"],
      lines: [["--time-scale", '"5"']],
    },
    {
      name: "stack up: a bad --bot",
      args: ["stack", "up", "--bot", "x"],
      lines: [["--bot", '"x"']],
    },
    // ops
    {
      name: "ops generate: an unknown flag",
      args: ["ops", "generate", "--bogus"],
      lines: [["--bogus"]],
    },
    {
      name: "ops lint: a bad scrape interval",
      args: ["ops", "lint", "--scrape-interval", "5x"],
      lines: [["--scrape-interval", '"5x"']],
    },
    // report
    { name: "report: an unknown flag", args: ["report", "--bogus"], lines: [["--bogus"]] },
    {
      name: "report: a negative number",
      args: ["report", "--periods-per-year", "-3"],
      lines: [["--periods-per-year", '"-3"']],
    },
    {
      name: "report: a bad window",
      args: ["report", "--window", "year"],
      lines: [["--window", '"year"']],
    },
    // journal
    {
      name: "journal: an unknown flag",
      args: ["journal", "info", "--bogus"],
      lines: [["--bogus"]],
    },
    {
      name: "journal: a missing journal",
      args: ["journal", "info", "--journal", "/nonexistent/x.sqlite"],
      lines: [['"/nonexistent/x.sqlite"', "--journal"]],
    },
    {
      name: "journal: a bad --now",
      args: ["journal", "prune", "--now", "yesterday"],
      lines: [["--now", '"yesterday"']],
    },
  ];

  it.concurrent.each(cases.map((testCase) => [testCase.name, testCase] as const))(
    "%s",
    async (_name, testCase) => {
      const busyText = String(busyPort);
      const fill = (text: string) => text.replaceAll(BUSY, busyText);
      const config = join(dir, `${testCase.name.replace(/\W+/g, "-")}.yaml`);
      writeFileSync(config, testCase.yaml ?? "");
      const outcome = await tradewatch(
        testCase.args.map((arg) => (arg === "header-only.csv" ? join(dir, arg) : fill(arg))),
        {
          TRADEWATCH_CONFIG: config,
          ...Object.fromEntries(
            Object.entries(testCase.env ?? {}).map(([name, value]) => [name, fill(value)]),
          ),
        },
      );
      expect(outcome.killed, `still running after ${DEADLINE_MS} ms: ${outcome.stderr}`).toBe(
        false,
      );
      expect(outcome.code).not.toBe(0);
      expect(outcome.code).not.toBeNull();
      expect(outcome.stderr).not.toContain("    at ");
      const lines = outcome.stderr.replace(/\n$/, "").split("\n");
      expect(lines, outcome.stderr).toHaveLength(testCase.lines.length);
      testCase.lines.forEach((parts, index) => {
        const line = lines[index] ?? "";
        let from = 0;
        for (const part of parts.map(fill)) {
          const at = line.indexOf(part, from);
          expect(at, `line ${index + 1} "${line}" should name ${part}`).toBeGreaterThanOrEqual(0);
          from = at + part.length;
        }
      });
    },
    DEADLINE_MS + 10_000,
  );
});
