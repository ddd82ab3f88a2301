/** @module Starts the real InfluxDB 1.x server (Debian package `influxdb`, /usr/bin/influxd) for integration tests. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";

/** The influxd binary the tests run; `INFLUXD` overrides it. */
export const influxdPath = process.env.INFLUXD ?? "/usr/bin/influxd";

/** One series of an InfluxQL answer. */
export interface InfluxSeries {
  readonly name: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly columns: readonly string[];
  readonly values: readonly (readonly unknown[])[];
}

/** A running InfluxDB; `stop()` it in `afterAll`. */
export interface InfluxDbServer {
  /** Base URL of the HTTP API, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Runs InfluxQL (`/query`, POST) and returns the first statement's series; throws on an error. */
  query(influxQl: string, database?: string | undefined): Promise<readonly InfluxSeries[]>;
  logs(): string;
  /** Stops influxd (SIGTERM, then SIGKILL after 5 s) and removes its temp dir. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts influxd on 127.0.0.1 (HTTP API and RPC on free ports) with its meta, data and WAL
 * dirs in a fresh temp dir, reporting and the query log off, and resolves once `/ping`
 * answers 204.
 *
 * @example
 * const influx = await startInfluxDb();
 * await influx.query("CREATE DATABASE tradewatch");
 * const series = await influx.query('SELECT last("value") FROM "orders_total"', "tradewatch");
 * await influx.stop();
 */
export async function startInfluxDb(): Promise<InfluxDbServer> {
  const dir = await mkdtemp(join(tmpdir(), "tradewatch-influxdb-"));
  const [httpPort, rpcPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${httpPort}`;
  const configPath = join(dir, "influxdb.conf");
  await writeFile(
    configPath,
    [
      "reporting-disabled = true",
      `bind-address = "127.0.0.1:${rpcPort}"`,
      "[meta]",
      `  dir = "${join(dir, "meta")}"`,
      "  logging-enabled = false",
      "[data]",
      `  dir = "${join(dir, "data")}"`,
      `  wal-dir = "${join(dir, "wal")}"`,
      "  query-log-enabled = false",
      "[monitor]",
      "  store-enabled = false",
      "[http]",
      `  bind-address = "127.0.0.1:${httpPort}"`,
      "  log-enabled = false",
      "[logging]",
      '  level = "warn"',
      "",
    ].join("\n"),
  );
  const child: ChildProcess = spawn(influxdPath, ["run", "-config", configPath], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const append = (chunk: Buffer) => {
    log += chunk.toString("utf8");
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  let exited = false;
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exitedPromise = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      process.removeListener("exit", killOnExit);
      resolve();
    }),
  );
  child.once("error", () => {});
  const stop = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exitedPromise;
      clearTimeout(killer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`InfluxDB (${influxdPath}) exited before it was ready:\n${log}`);
    }
    try {
      if ((await fetch(`${url}/ping`)).status === 204) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`InfluxDB was not ready on ${url} in time:\n${log}`);
    }
    await sleep(100);
  }
  return {
    url,
    async query(influxQl, database) {
      const params = new URLSearchParams({ q: influxQl });
      if (database !== undefined) params.set("db", database);
      const response = await fetch(`${url}/query`, { method: "POST", body: params });
      const body = (await response.json()) as {
        error?: string;
        results?: { error?: string; series?: InfluxSeries[] }[];
      };
      const error = body.error ?? body.results?.[0]?.error;
      if (!response.ok || error !== undefined) {
        throw new Error(`InfluxQL ${influxQl} failed (${response.status}): ${error ?? ""}`);
      }
      return body.results?.[0]?.series ?? [];
    },
    logs: () => log,
    stop,
  };
}
