/** @module Starts the real InfluxDB 1.x server (Debian package `influxdb`, /usr/bin/influxd) for integration tests. */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { startServerProcess } from "./server-process.js";

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
  const server = await startServerProcess({
    name: "InfluxDB",
    binary: influxdPath,
    args: ["run", "-config", configPath],
    cwd: dir,
    dir,
    url,
    readyPath: "/ping",
  });
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
    logs: server.logs,
    stop: server.stop,
  };
}
