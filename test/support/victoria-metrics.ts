/** @module Starts the real VictoriaMetrics single-node server (Debian package `victoria-metrics`) for integration tests. */

import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import type { QueryData } from "./prometheus-server.js";
import { startServerProcess } from "./server-process.js";

/** The victoria-metrics binary the tests run; `VICTORIA_METRICS` overrides it. */
export const victoriaMetricsPath = process.env.VICTORIA_METRICS ?? "/usr/bin/victoria-metrics";

/** How to configure the VictoriaMetrics under test. */
export interface VictoriaMetricsOptions {
  /**
   * `-retentionPeriod`: how far back samples are kept and accepted. 100y by default, so a
   * backtest's simulated timestamps (years old) are stored rather than silently dropped.
   */
  readonly retention?: string | undefined;
  /** Extra command-line flags, e.g. `["-dedup.minScrapeInterval=15s"]`. */
  readonly extraArgs?: readonly string[] | undefined;
  /** How long to wait for `/-/ready`; 30 s by default. */
  readonly readyTimeoutMs?: number | undefined;
}

/** A matrix series as `/api/v1/query_range` returns it. */
export interface RangeSeries {
  readonly metric: Readonly<Record<string, string>>;
  /** `[unix seconds, value as text]`, oldest first. */
  readonly values: readonly (readonly [number, string])[];
}

/** A running VictoriaMetrics. Call {@link VictoriaMetricsServer.stop} in `afterAll`. */
export interface VictoriaMetricsServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /** Prometheus-compatible query API root: `${url}` (serves `/api/v1/query`, `/api/v1/query_range`). */
  readonly promApiUrl: string;
  /** Prometheus remote_write receiver: `${url}/api/v1/write`. */
  readonly remoteWriteUrl: string;
  /** InfluxDB line-protocol receiver: `${url}/write`. */
  readonly influxWriteUrl: string;
  /** Pushes buffered samples to storage so queries see them at once (`/internal/force_flush`). */
  flush(): Promise<void>;
  /** Runs an instant query and returns its `data`; throws on an API error. */
  query(expression: string, time?: number | undefined): Promise<QueryData>;
  /** Runs a range query (`/api/v1/query_range`, times in unix seconds) and returns its series. */
  queryRange(
    expression: string,
    start: number,
    end: number,
    step: string | number,
  ): Promise<readonly RangeSeries[]>;
  /** Series matching a selector over a time range (`/api/v1/series`). */
  series(
    match: string,
    start?: number | undefined,
    end?: number | undefined,
  ): Promise<readonly Readonly<Record<string, string>>[]>;
  /** Everything VictoriaMetrics logged so far (for failure messages). */
  logs(): string;
  /** Stops VictoriaMetrics (SIGTERM, then SIGKILL after 5 s) and removes the temp dir. */
  stop(): Promise<void>;
}

/**
 * Starts `/usr/bin/victoria-metrics` on 127.0.0.1 on a free port with a fresh temp dir and
 * resolves once `/-/ready` answers 200. Queries are not delayed by `-search.latencyOffset`
 * (set to 0), the response cache is off, and it does not scrape itself, so what a test
 * wrote is what it reads back.
 *
 * @example
 * const vm = await startVictoriaMetrics();
 * // ... remote_write to vm.remoteWriteUrl ...
 * await vm.flush();
 * const series = await vm.queryRange('up{job="bot"}', start, end, "1h");
 * await vm.stop();
 */
export async function startVictoriaMetrics(
  options: VictoriaMetricsOptions = {},
): Promise<VictoriaMetricsServer> {
  const dir = await mkdtemp(join(tmpdir(), "tradewatch-victoria-metrics-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const serverProcess = await startServerProcess({
    name: "VictoriaMetrics",
    binary: victoriaMetricsPath,
    args: [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-storageDataPath=${join(dir, "data")}`,
      `-retentionPeriod=${options.retention ?? "100y"}`,
      "-search.latencyOffset=0s",
      "-search.disableCache",
      "-loggerLevel=WARN",
      ...(options.extraArgs ?? []),
    ],
    cwd: dir,
    dir,
    url,
    readyTimeoutMs: options.readyTimeoutMs,
  });

  const api = async <T>(path: string, params: URLSearchParams): Promise<T> => {
    const response = await fetch(`${url}${path}`, { method: "POST", body: params });
    const text = await response.text();
    let body: { status?: string; data?: T; error?: string; errorType?: string };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new Error(`VictoriaMetrics ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    }
    if (body.status !== "success" || body.data === undefined) {
      throw new Error(
        `VictoriaMetrics ${path} failed (${response.status}): ${body.errorType ?? ""} ${body.error ?? ""}`,
      );
    }
    return body.data;
  };

  return {
    url,
    port,
    promApiUrl: url,
    remoteWriteUrl: `${url}/api/v1/write`,
    influxWriteUrl: `${url}/write`,
    async flush() {
      const response = await fetch(`${url}/internal/force_flush`);
      if (!response.ok) throw new Error(`VictoriaMetrics force_flush answered ${response.status}`);
    },
    async query(expression, time) {
      const params = new URLSearchParams({ query: expression });
      if (time !== undefined) params.set("time", String(time));
      return await api<QueryData>("/api/v1/query", params);
    },
    async queryRange(expression, start, end, step) {
      const params = new URLSearchParams({
        query: expression,
        start: String(start),
        end: String(end),
        step: String(step),
      });
      const data = await api<{ resultType: string; result: RangeSeries[] }>(
        "/api/v1/query_range",
        params,
      );
      return data.result;
    },
    async series(match, start, end) {
      const params = new URLSearchParams({ "match[]": match });
      if (start !== undefined) params.set("start", String(start));
      if (end !== undefined) params.set("end", String(end));
      return await api<Record<string, string>[]>("/api/v1/series", params);
    },
    logs: serverProcess.logs,
    stop: serverProcess.stop,
  };
}
