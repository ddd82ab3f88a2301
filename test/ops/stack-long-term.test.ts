/** @module `tradewatch stack up --long-term victoria-metrics` and `tradewatch stack reload` as an operator runs them, against a running bot and the machine's real Prometheus, Alertmanager, Pushgateway and VictoriaMetrics. */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/free-port.js";

const root = join(import.meta.dirname, "..", "..");
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function tradewatch(args: readonly string[]): Promise<CliResult> {
  return await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "src/cli/bin.ts", ...args],
    { cwd: root, timeout: 90_000 },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout: string; stderr: string }) => ({
      code: typeof error.code === "number" ? error.code : -1,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

interface VectorSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

async function instant(base: string, query: string): Promise<VectorSample[]> {
  const response = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await response.json()) as { data?: { result?: VectorSample[] } };
  return body.data?.result ?? [];
}

describe("tradewatch stack up --long-term victoria-metrics, then stack reload", () => {
  let directory: string;
  let bot: ChildProcess;
  let botPort: number;
  let ports: { prometheus: number; alertmanager: number; pushgateway: number; vm: number };
  let up: CliResult;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "tradewatch-long-term-"));
    botPort = await freePort();
    ports = {
      prometheus: await freePort(),
      alertmanager: await freePort(),
      pushgateway: await freePort(),
      vm: await freePort(),
    };
    bot = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/bin.ts",
        "run",
        "--port",
        String(botPort),
        "--no-journal",
        "--quiet",
        "--speed",
        "60",
      ],
      { cwd: root, stdio: "ignore" },
    );
    up = await tradewatch([
      "stack",
      "up",
      "--dir",
      directory,
      "--bot",
      `127.0.0.1:${botPort}`,
      "--prometheus-port",
      String(ports.prometheus),
      "--alertmanager-port",
      String(ports.alertmanager),
      "--pushgateway-port",
      String(ports.pushgateway),
      "--no-planes",
      "--time-scale",
      "0.1",
      "--long-term",
      "victoria-metrics",
      "--long-term-port",
      String(ports.vm),
      "--retention",
      "90d",
    ]);
  }, 120_000);

  afterAll(async () => {
    await tradewatch(["stack", "down", "--dir", directory]);
    bot?.kill("SIGTERM");
    await sleep(500);
    if (bot?.exitCode === null) bot.kill("SIGKILL");
    await rm(directory, { recursive: true, force: true });
  });

  it("starts VictoriaMetrics with the retention asked, and says where to query it", async () => {
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/victoria-metrics\s+running \(pid \d+\)/);
    expect(up.stdout).toContain(
      `Prometheus remote-writes to VictoriaMetrics (retention 90d); query it at http://127.0.0.1:${ports.vm}/api/v1/query`,
    );
    const flags = await (await fetch(`http://127.0.0.1:${ports.vm}/flags`)).text();
    expect(flags).toContain('-retentionPeriod="90d"');
    const status = await tradewatch(["stack", "status", "--dir", directory]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/victoria-metrics\s+running/);
  });

  it("VictoriaMetrics' Prometheus API returns the bot's series with job, instance and the external label", async () => {
    const vm = `http://127.0.0.1:${ports.vm}`;
    let cycles: VectorSample[] = [];
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      cycles = await instant(
        vm,
        'sum by (job, instance, monitor) (tradewatch_cycles_total{job="tradewatch"})',
      );
      if (cycles.length > 0 && Number(cycles[0]!.value[1]) > 0) break;
      await sleep(1_000);
    }
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.metric).toEqual({
      job: "tradewatch",
      instance: `127.0.0.1:${botPort}`,
      monitor: "tradewatch",
    });
    expect(Number(cycles[0]!.value[1])).toBeGreaterThan(0);
    const up = await instant(vm, `up{instance="127.0.0.1:${botPort}"}`);
    expect(up.map((sample) => sample.value[1])).toContain("1");
  }, 70_000);

  it("stack reload loads an edited prometheus.yml and says what reloaded", async () => {
    const file = join(directory, "prometheus", "prometheus.yml");
    const original = await readFile(file, "utf8");
    await writeFile(file, original.replace("monitor: tradewatch", "monitor: tradewatch-reloaded"));
    const reload = await tradewatch(["stack", "reload", "--dir", directory]);
    expect(reload.stderr).toBe("");
    expect(reload.code).toBe(0);
    expect(reload.stdout).toBe(
      `Reloaded prometheus on 127.0.0.1:${ports.prometheus} from ${file}.\n` +
        `Reloaded alertmanager on 127.0.0.1:${ports.alertmanager} from ${join(directory, "alertmanager", "alertmanager.yml")}.\n`,
    );
    const config = (await (
      await fetch(`http://127.0.0.1:${ports.prometheus}/api/v1/status/config`)
    ).json()) as { data: { yaml: string } };
    expect(config.data.yaml).toContain("monitor: tradewatch-reloaded");
  }, 60_000);

  it("stack reload refuses an invalid configuration in one line and reloads nothing", async () => {
    const file = join(directory, "prometheus", "prometheus.yml");
    const valid = await readFile(file, "utf8");
    await writeFile(file, valid.replace("scrape_interval:", "scrape_intervall:"));
    const reload = await tradewatch(["stack", "reload", "--dir", directory]);
    expect(reload.code).toBe(1);
    expect(reload.stdout).toBe("");
    const lines = reload.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^tradewatch stack: Invalid Prometheus configuration ${file.replace(/[.]/g, "\\.")}: yaml: unmarshal errors: line \\d+: field scrape_intervall not found in type config\\.plain; nothing was reloaded \\(ERR_STACK_RELOAD_FAILED\\)$`,
      ),
    );
    // The running Prometheus still has the last good configuration.
    const config = (await (
      await fetch(`http://127.0.0.1:${ports.prometheus}/api/v1/status/config`)
    ).json()) as { data: { yaml: string } };
    expect(config.data.yaml).toContain("monitor: tradewatch-reloaded");
    await writeFile(file, valid);
  }, 60_000);

  it("stack reload with nothing running says so", async () => {
    const empty = await mkdtemp(join(tmpdir(), "tradewatch-no-stack-"));
    const reload = await tradewatch(["stack", "reload", "--dir", empty]);
    expect(reload.code).toBe(1);
    expect(reload.stderr.trim()).toMatch(
      /^tradewatch stack: Nothing to reload in .*: no Prometheus or Alertmanager runs from it/,
    );
    await rm(empty, { recursive: true, force: true });
  });

  it("stack down stops VictoriaMetrics too", async () => {
    const down = await tradewatch(["stack", "down", "--dir", directory]);
    expect(down.stdout).toContain("victoria-metrics");
    const ready = await fetch(`http://127.0.0.1:${ports.vm}/-/ready`).then(
      () => true,
      () => false,
    );
    expect(ready).toBe(false);
  }, 60_000);
});
