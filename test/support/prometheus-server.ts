/** @module Starts the real Prometheus server (Debian package `prometheus`) for integration tests. */

import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { freePort } from "./free-port.js";
import { startServerProcess } from "./server-process.js";

/** The prometheus binary the tests run; `PROMETHEUS` overrides it. */
export const prometheusPath = process.env.PROMETHEUS ?? "/usr/bin/prometheus";

/** How to configure the Prometheus under test. */
export interface PrometheusServerOptions {
  /** `scrape_configs` entries, written as YAML (e.g. `{ job_name, static_configs, ... }`). */
  readonly scrapeConfigs?: readonly Record<string, unknown>[] | undefined;
  /**
   * Rule files by file name: YAML text or an object serialised as YAML. Each is written to
   * the temp dir and listed under `rule_files`.
   */
  readonly ruleFiles?: Readonly<Record<string, string | object>> | undefined;
  /** Merged into `global`; the defaults scrape and evaluate every 1s. */
  readonly global?: Readonly<Record<string, unknown>> | undefined;
  /** Other top-level config sections (e.g. `alerting`), merged into the generated file. */
  readonly extraConfig?: Readonly<Record<string, unknown>> | undefined;
  /** Extra command-line flags, e.g. `["--web.enable-remote-write-receiver"]`. */
  readonly extraArgs?: readonly string[] | undefined;
  /** How long to wait for `/-/ready`; 30 s by default. */
  readonly readyTimeoutMs?: number | undefined;
}

/** One series of an instant-vector query result. */
export interface VectorSample {
  readonly metric: Readonly<Record<string, string>>;
  /** `[unix seconds, value as Prometheus spells it ("1", "NaN", "+Inf")]`. */
  readonly value: readonly [number, string];
}

/** The `data` of a `/api/v1/query` answer. */
export type QueryData =
  | { readonly resultType: "vector"; readonly result: readonly VectorSample[] }
  | { readonly resultType: "scalar" | "string"; readonly result: readonly [number, string] }
  | {
      readonly resultType: "matrix";
      readonly result: readonly {
        readonly metric: Readonly<Record<string, string>>;
        readonly values: readonly (readonly [number, string])[];
      }[];
    };

/** One scrape target as `/api/v1/targets` reports it. */
export interface ScrapeTarget {
  readonly labels: Readonly<Record<string, string>>;
  readonly scrapePool: string;
  readonly scrapeUrl: string;
  readonly health: "up" | "down" | "unknown";
  readonly lastError: string;
}

/** A running Prometheus. Call {@link PrometheusServer.stop} in `afterAll`. */
export interface PrometheusServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /** The temp dir holding `prometheus.yml`, the rule files and the TSDB. */
  readonly dir: string;
  /** Runs an instant query (`/api/v1/query`) and returns its `data`; throws on an API error. */
  query(expression: string, time?: number | undefined): Promise<QueryData>;
  /**
   * Polls an instant-vector query until it returns at least one series and `accept` (if
   * given) returns true for the result, then returns the series; throws with the last
   * result after `timeoutMs` (20 s by default).
   */
  waitForVector(
    expression: string,
    accept?: ((result: readonly VectorSample[]) => boolean) | undefined,
    timeoutMs?: number | undefined,
  ): Promise<readonly VectorSample[]>;
  /** Returns the active scrape targets (`/api/v1/targets`). */
  targets(): Promise<readonly ScrapeTarget[]>;
  /** Waits until every active target has health `up`; throws naming the ones that are not. */
  waitForTargetsUp(timeoutMs?: number | undefined): Promise<readonly ScrapeTarget[]>;
  /** Everything Prometheus logged so far (for failure messages). */
  logs(): string;
  /** Stops Prometheus (SIGTERM, then SIGKILL after 5 s) and removes the temp dir. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts `/usr/bin/prometheus` on 127.0.0.1 on a free port with a fresh temp dir and the
 * given scrape configs and rule files, and resolves once `/-/ready` answers 200.
 *
 * @example
 * const prometheus = await startPrometheus({
 *   scrapeConfigs: [{ job_name: "bot", static_configs: [{ targets: [`127.0.0.1:${port}`] }] }],
 * });
 * const [sample] = await prometheus.waitForVector('orders_total{job="bot"}');
 * await prometheus.stop();
 */
export async function startPrometheus(
  options: PrometheusServerOptions = {},
): Promise<PrometheusServer> {
  const dir = await mkdtemp(join(tmpdir(), "tradewatch-prometheus-"));
  const ruleFileNames: string[] = [];
  for (const [name, content] of Object.entries(options.ruleFiles ?? {})) {
    const path = join(dir, name);
    await writeFile(path, typeof content === "string" ? content : stringify(content));
    ruleFileNames.push(path);
  }
  const config = {
    global: { scrape_interval: "1s", evaluation_interval: "1s", ...options.global },
    ...(ruleFileNames.length > 0 ? { rule_files: ruleFileNames } : {}),
    scrape_configs: options.scrapeConfigs ?? [],
    ...options.extraConfig,
  };
  const configPath = join(dir, "prometheus.yml");
  await writeFile(configPath, stringify(config));

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const serverProcess = await startServerProcess({
    name: "Prometheus",
    binary: prometheusPath,
    args: [
      `--config.file=${configPath}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--web.enable-lifecycle",
      ...(options.extraArgs ?? []),
    ],
    cwd: dir,
    dir,
    url,
    readyTimeoutMs: options.readyTimeoutMs,
  });

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`);
    const body = (await response.json()) as {
      status: string;
      data?: T;
      error?: string;
      errorType?: string;
    };
    if (body.status !== "success" || body.data === undefined) {
      throw new Error(
        `Prometheus ${path} failed (${response.status}): ${body.errorType ?? ""} ${body.error ?? ""}`,
      );
    }
    return body.data;
  };

  const query = async (expression: string, time?: number | undefined): Promise<QueryData> => {
    const params = new URLSearchParams({ query: expression });
    if (time !== undefined) params.set("time", String(time));
    return await api<QueryData>(`/api/v1/query?${params.toString()}`);
  };

  const targets = async (): Promise<readonly ScrapeTarget[]> =>
    (await api<{ activeTargets: ScrapeTarget[] }>("/api/v1/targets")).activeTargets;

  const server: PrometheusServer = {
    url,
    port,
    dir,
    query,
    targets,
    async waitForVector(expression, accept, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last: QueryData | undefined;
      for (;;) {
        last = await query(expression);
        if (last.resultType !== "vector") {
          throw new Error(`Query ${expression} returned a ${last.resultType}, expected a vector`);
        }
        if (last.result.length > 0 && (accept === undefined || accept(last.result))) {
          return last.result;
        }
        if (Date.now() > deadline) {
          throw new Error(
            `Query ${expression} did not return an accepted vector within ${timeoutMs} ms; last result was ${JSON.stringify(last.result)}`,
          );
        }
        await sleep(250);
      }
    },
    async waitForTargetsUp(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const active = await targets();
        if (active.length > 0 && active.every((target) => target.health === "up")) return active;
        if (Date.now() > deadline) {
          const down = active
            .filter((target) => target.health !== "up")
            .map((target) => `${target.scrapeUrl} (${target.health}: ${target.lastError})`);
          throw new Error(
            `Scrape targets not up within ${timeoutMs} ms: ${down.join(", ") || "no active targets"}`,
          );
        }
        await sleep(250);
      }
    },
    logs: serverProcess.logs,
    stop: serverProcess.stop,
  };
  return server;
}
