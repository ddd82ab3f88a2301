/** @module The scale run: N real `tradewatch run` processes scraped by one real Prometheus that remote-writes to a real VictoriaMetrics; measures series per bot, bytes per scrape, scrape duration, VictoriaMetrics' ingestion and disk, and checks an aggregated query against the bots' own scrapes. Used by test/ops/scale.test.ts (few bots) and scripts/scale.ts (20 or more). */
import { type ChildProcess, spawn } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { defaultBundleOptions } from "../../src/ops/bundle-options.js";
import { prometheusConfig } from "../../src/ops/generate/prometheus-config.js";
import { freePort } from "./free-port.js";
import { type PrometheusServer, startPrometheus } from "./prometheus-server.js";
import { startVictoriaMetrics, type VictoriaMetricsServer } from "./victoria-metrics.js";

const root = join(import.meta.dirname, "..", "..");
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How big a run. */
export interface ScaleRunOptions {
  readonly bots: number;
  /** How long to measure once every target is up; 60 s by default. */
  readonly measureSeconds?: number | undefined;
  /** The scrape interval; 5 s by default. */
  readonly scrapeInterval?: string | undefined;
  /** Each bot's --speed (market seconds per second); 10 by default, slow. */
  readonly speed?: number | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

/** What the run measured. */
export interface ScaleRunResult {
  readonly bots: number;
  readonly seriesPerBot: { readonly min: number; readonly max: number; readonly mean: number };
  /** One bot's /metrics body, as sent without and with gzip (Prometheus asks for gzip). */
  readonly bytesPerScrape: { readonly plain: number; readonly gzip: number };
  /** scrape_duration_seconds over the bots at the end, at the Prometheus side. */
  readonly scrapeDurationSeconds: { readonly mean: number; readonly max: number };
  /** vm_rows_inserted_total{type="promremotewrite"} per second over the measurement. */
  readonly vmSamplesPerSecond: number;
  /** Rows VictoriaMetrics received per bot per second. */
  readonly samplesPerBotPerSecond: number;
  /** VictoriaMetrics data directory growth over the measurement, scaled to a day (bytes). */
  readonly vmDiskBytesPerDay: number;
  /** vm_data_size_bytes per stored row at the end (compressed bytes per sample). */
  readonly vmBytesPerSample: number;
  /** sum(tradewatch_cycles_total) in VictoriaMetrics and the sum of the bots' own /metrics values read at the same time. */
  readonly aggregate: {
    readonly store: number;
    readonly direct: number;
    readonly cyclesPerSecond: number;
  };
  readonly measuredSeconds: number;
}

async function directoryBytes(directory: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(directory, { withFileTypes: true }).catch(() => [])) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) total += await directoryBytes(path);
    else
      total += await stat(path).then(
        (info) => info.size,
        () => 0,
      );
  }
  return total;
}

async function vmMetric(vm: VictoriaMetricsServer, line: RegExp): Promise<number> {
  const text = await (await fetch(`${vm.url}/metrics`)).text();
  let sum = 0;
  for (const row of text.split("\n")) {
    const match = line.exec(row);
    if (match !== null) sum += Number(row.slice(row.lastIndexOf(" ") + 1));
  }
  return sum;
}

/** Sum of one counter family's samples in a /metrics body. */
function familySum(body: string, name: string): number {
  let sum = 0;
  for (const row of body.split("\n")) {
    if (row.startsWith(`${name}{`) || row.startsWith(`${name} `)) {
      sum += Number(row.slice(row.lastIndexOf(" ") + 1));
    }
  }
  return sum;
}

const numbers = (result: readonly { value: readonly [number, string] }[]) =>
  result.map((sample) => Number(sample.value[1]));

async function vector(
  server: { query(expression: string): Promise<unknown> },
  expression: string,
): Promise<readonly { metric: Record<string, string>; value: readonly [number, string] }[]> {
  const data = (await server.query(expression)) as {
    result: { metric: Record<string, string>; value: readonly [number, string] }[];
  };
  return data.result;
}

/** Runs the scale run and stops everything it started, also on failure. */
export async function runScale(options: ScaleRunOptions): Promise<ScaleRunResult> {
  const log = options.log ?? (() => undefined);
  const interval = options.scrapeInterval ?? "5s";
  const bots: ChildProcess[] = [];
  let vm: VictoriaMetricsServer | undefined;
  let prometheus: PrometheusServer | undefined;
  try {
    vm = await startVictoriaMetrics({ retention: "1y" });
    const ports: number[] = [];
    for (let index = 0; index < options.bots; index++) {
      const port = await freePort();
      ports.push(port);
      const bot = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          "src/cli/bin.ts",
          "run",
          "--port",
          String(port),
          "--no-journal",
          "--quiet",
          "--speed",
          String(options.speed ?? 10),
          "--seed",
          String(index + 1),
          "--bot-id",
          `scale-${index + 1}`,
        ],
        { cwd: root, stdio: "ignore" },
      );
      bots.push(bot);
      // Two cores: let each bot get past its start before the next one loads.
      await sleep(400);
    }
    log(`started ${options.bots} bots`);
    const generated = prometheusConfig(
      { ...defaultBundleOptions, botTarget: "127.0.0.1:1" },
      { scrapeInterval: interval, withoutPlanes: true, remoteWriteUrl: vm.remoteWriteUrl },
    );
    prometheus = await startPrometheus({
      global: {
        scrape_interval: interval,
        evaluation_interval: interval,
        external_labels: { monitor: "tradewatch-scale" },
      },
      scrapeConfigs: [
        {
          job_name: defaultBundleOptions.job,
          static_configs: [{ targets: ports.map((port) => `127.0.0.1:${port}`) }],
        },
      ],
      extraConfig: { remote_write: generated.remote_write },
    });
    await prometheus.waitForTargetsUp(120_000);
    log("every bot is up in Prometheus");
    // Two scrapes in, so every bot's series exist and remote_write has begun.
    await sleep(3 * Number.parseFloat(interval) * 1_000);

    const dataDir = await vmDataDirectory(vm);
    const rows0 = await vmMetric(vm, /^vm_rows_inserted_total\{type="promremotewrite"\}/);
    const disk0 = await directoryBytes(dataDir);
    const started = Date.now();
    await sleep((options.measureSeconds ?? 60) * 1_000);
    await vm.flush();
    const rows1 = await vmMetric(vm, /^vm_rows_inserted_total\{type="promremotewrite"\}/);
    const disk1 = await directoryBytes(dataDir);
    const measuredSeconds = (Date.now() - started) / 1_000;
    const stored = await vmMetric(vm, /^vm_rows\{type="storage\//);
    const dataSize = await vmMetric(vm, /^vm_data_size_bytes\{type="storage\//);

    const series = numbers(
      await vector(prometheus, `scrape_samples_scraped{job="${defaultBundleOptions.job}"}`),
    );
    const durations = numbers(
      await vector(prometheus, `scrape_duration_seconds{job="${defaultBundleOptions.job}"}`),
    );
    const body = await (await fetch(`http://127.0.0.1:${ports[0]}/metrics`)).text();

    // The aggregated query against the bots' own scrapes, read at the same moment.
    const cyclesRate =
      numbers(
        await vector(
          vm,
          `sum(rate(tradewatch_cycles_total{job="${defaultBundleOptions.job}"}[1m]))`,
        ),
      )[0] ?? 0;
    const bodies = await Promise.all(
      ports.map(async (port) => await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()),
    );
    await vm.flush();
    const storeResult = await vector(
      vm,
      `sum(tradewatch_cycles_total{job="${defaultBundleOptions.job}"})`,
    );
    const direct = bodies.reduce(
      (total, text) => total + familySum(text, "tradewatch_cycles_total"),
      0,
    );
    return {
      bots: options.bots,
      seriesPerBot: {
        min: Math.min(...series),
        max: Math.max(...series),
        mean: series.reduce((a, b) => a + b, 0) / series.length,
      },
      bytesPerScrape: { plain: Buffer.byteLength(body), gzip: gzipSync(body).length },
      scrapeDurationSeconds: {
        mean: durations.reduce((a, b) => a + b, 0) / durations.length,
        max: Math.max(...durations),
      },
      vmSamplesPerSecond: (rows1 - rows0) / measuredSeconds,
      samplesPerBotPerSecond: (rows1 - rows0) / measuredSeconds / options.bots,
      vmDiskBytesPerDay: ((disk1 - disk0) / measuredSeconds) * 86_400,
      vmBytesPerSample: stored > 0 ? dataSize / stored : 0,
      aggregate: {
        store: numbers(storeResult)[0] ?? Number.NaN,
        direct,
        cyclesPerSecond: cyclesRate,
      },
      measuredSeconds,
    };
  } finally {
    for (const bot of bots) bot.kill("SIGTERM");
    await sleep(1_000);
    for (const bot of bots) if (bot.exitCode === null) bot.kill("SIGKILL");
    await prometheus?.stop();
    await vm?.stop();
  }
}

/** VictoriaMetrics' -storageDataPath, from its /flags. */
async function vmDataDirectory(vm: VictoriaMetricsServer): Promise<string> {
  const flags = await (await fetch(`${vm.url}/flags`)).text();
  const path = /^-storageDataPath="(.*)"$/m.exec(flags)?.[1];
  if (path === undefined)
    throw new Error(`VictoriaMetrics at ${vm.url} reports no -storageDataPath`);
  return path;
}
