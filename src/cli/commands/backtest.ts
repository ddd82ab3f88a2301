/** @module `tradewatch backtest --data <csv>`: replays OHLCV bars through the bot as fast as the machine allows. */
import { writeFileSync } from "node:fs";
import { basename } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { type BacktestSummary, runBacktest } from "../../bot/backtest.js";
import { type CsvReadProgress, CsvReplay } from "../../bot/market/csv/csv-replay.js";
import { describeSkipped } from "../../bot/market/csv/ohlcv-row-reader.js";
import type { MarketBatch, MarketDataSource } from "../../bot/market/market-data-source.js";
import { createBotRecorder } from "../../bot/telemetry/bot-recorder.js";
import { instrumentBot } from "../../bot/telemetry/instrument-bot.js";
import { TradewatchError } from "../../errors.js";
import { loadMetricsConfig } from "../../exporter/load-metrics-config.js";
import type { MetricsConfig } from "../../exporter/metrics-config.js";
import { type MetricsServer, startMetricsServer } from "../../exporter/metrics-server.js";
import { PushgatewayClient } from "../../exporter/pushgateway-client.js";
import { SimulatedTimeWriter } from "../../exporter/remote-write/simulated-time-writer.js";
import { RemoteWriteClient } from "../../exporter/remote-write-client.js";
import { readTlsFiles } from "../../exporter/tls-files.js";
import { Registry } from "../../metrics/index.js";
import { existingFileOption } from "../file-option.js";
import { numberOption } from "../number-option.js";

const help = `Usage: tradewatch backtest --data <file.csv> [options]

Replays OHLCV bars (columns timestamp, open, high, low, close, volume and an optional
symbol column) through the paper-trading bot in simulated time, as fast as the machine
allows, with progress on stderr and a summary at the end. The same data and seed always
give the same trades. The file is streamed (checked in a first pass, then replayed), so
memory stays bounded whatever its size. Rows must be in time order; an invalid bar
(a price that is not a number, zero or negative, high below low, close outside
low..high, a repeated timestamp) or an empty file is an error naming the line.

  --data <file.csv>         the bars to replay (required)
  --symbol <name>           symbol of a file without a symbol column (default: file name)
  --skip-invalid-bars       skip invalid bars and print how many were skipped, by reason
  --sort                    sort rows by time instead of failing on a timestamp that goes
                            backwards (reads the whole file into memory)
  --seed <n>                seed of latencies, slippage noise and faults (default 42)
  --cash <usd>              starting cash (default 100000)
  --fault-rate <p>          chance per exchange API call of each injected fault (default 0)
  --no-metrics              run without the metrics subscriber
  --metrics-out <file>      write the final /metrics exposition to this file
  --serve                   serve /metrics on the configured host and port while it runs
  --scrape-interval <s>     seconds of market time between remote_write samples (default 15)
  --job <name>              job label of the written series (default tradewatch, the
                            job the generated dashboards show)
  --instance <name>         instance label (default backtest:<file name>)
  --bot <name>              bot label (default backtest)

The metrics configuration (tradewatch.yaml, METRICS_* variables) is the one \`run\` reads.
With metrics.remote_write.url (METRICS_REMOTE_WRITE_URL) the registry is sampled once per
scrape interval of market time (once per bar when bars are longer) and written with the
bars' timestamps and job, instance and bot labels, so the replay shows in the same
dashboards as live trading over the CSV's dates; the receiver must accept old samples
(VictoriaMetrics: -retentionPeriod covering them). With metrics.pushgateway.url the final
results are pushed once at the end.
  --json                    print the summary as JSON
  -h, --help                this help`;

const MIB = 1024 * 1024;

/** The progress line: phase, bytes read of the file, bars per second since the phase began. */
function progressLine(progress: CsvReadProgress, barsPerSecond: number): string {
  const ratio =
    progress.totalBytes === 0 ? 0 : Math.min(progress.bytesRead / progress.totalBytes, 1);
  const width = 20;
  const filled = Math.round(ratio * width);
  return `${progress.phase === "checking" ? "checking " : "replaying"} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}%  ${(progress.bytesRead / MIB).toFixed(1)} / ${(progress.totalBytes / MIB).toFixed(1)} MiB  ${Math.round(barsPerSecond).toLocaleString("en-US")} bars/s`;
}

/**
 * Draws the progress line from the first second: on a terminal a line rewritten five times
 * a second, otherwise (CI logs) a new line every five seconds. Returns the function that
 * stops it and draws the last state.
 */
function startProgress(progress: CsvReadProgress, interactive: boolean): () => void {
  let phase = progress.phase;
  let phaseStarted = performance.now();
  const draw = (final: boolean): void => {
    const now = performance.now();
    if (progress.phase !== phase) {
      phase = progress.phase;
      phaseStarted = now;
    }
    const rate = now > phaseStarted ? (progress.bars * 1000) / (now - phaseStarted) : 0;
    const line = progressLine(progress, rate);
    if (interactive) process.stderr.write(`\r${line}\x1b[K${final ? "\n" : ""}`);
    else process.stderr.write(`${line}\n`);
  };
  draw(false);
  const timer = setInterval(() => draw(false), interactive ? 200 : 5000);
  timer.unref();
  return () => {
    clearInterval(timer);
    draw(true);
  };
}

function formatSummary(summary: BacktestSummary): string {
  const date = (timestamp: number): string =>
    Number.isFinite(timestamp) ? new Date(timestamp).toISOString() : "-";
  return [
    "Backtest summary",
    `  period            ${date(summary.startTime)} .. ${date(summary.endTime)}`,
    `  cycles / bars     ${summary.cycles} / ${summary.bars}`,
    `  orders submitted  ${summary.ordersSubmitted} (filled ${summary.ordersFilled}, fills ${summary.fills}, rejected ${summary.ordersRejected}, denied by risk ${summary.ordersDenied})`,
    `  breaker trips     ${summary.breakerTrips}`,
    `  NAV               ${summary.initialCash.toFixed(2)} -> ${summary.finalNav.toFixed(2)} (${summary.totalReturnPct.toFixed(2)}%)`,
    `  max drawdown      ${summary.maxDrawdownPct.toFixed(2)}%`,
    `  realised PnL      ${summary.realizedPnl.toFixed(2)} (fees ${summary.feesPaid.toFixed(2)})`,
    `  speed             ${Math.round(summary.barsPerSecond)} bars/s (${summary.elapsedSeconds.toFixed(2)} s)`,
  ].join("\n");
}

/** Bars of warm-up (first calls compile the bot's code), measured apart from the rest. */
const WARM_UP_BARS = 100;

/**
 * Longest stretch of replay between two turns of the event loop, in ms. A scrape takes three
 * or four turns (accept, request, render, gzip), each waiting for one stretch: 10 ms made a
 * scrape of a busy backtest take 30-40 ms; a turn costs the replay a few microseconds.
 */
const YIELD_EVERY_MS = 4;

/**
 * Wraps the replay so that the bot's pull of each batch first gives the event loop a turn
 * every {@link YIELD_EVERY_MS} (a served /metrics, the progress line and remote writes run
 * between cycles) and lets the writer sample the state the previous cycle left, at that
 * cycle's market time; the state after the last cycle is sampled too. `stretch` gets the
 * longest CPU time the replay ran between two turns of the event loop, over the first
 * {@link WARM_UP_BARS} bars and after them: what a served /metrics could wait for on an idle
 * machine (wall time adds what the OS gives to others).
 */
function paced(
  market: MarketDataSource,
  writer: SimulatedTimeWriter | undefined,
  stretch: { warmUpCpuMs: number; longestCpuMs: number },
): MarketDataSource {
  let lastYield = performance.now();
  let lastCpu = process.cpuUsage();
  let lastTimestamp: number | undefined;
  let batches = 0;
  return {
    source: market.source,
    symbols: market.symbols,
    barSeconds: market.barSeconds,
    realTime: market.realTime ?? false,
    start: () => market.start(),
    stop: () => market.stop(),
    reset: () => market.reset(),
    dispose: () => market.dispose(),
    async next(): Promise<MarketBatch | null> {
      if (lastTimestamp === undefined) {
        // Counted from the first bar: building the bot before it is a one-off start.
        lastYield = performance.now();
        lastCpu = process.cpuUsage();
      }
      if (lastTimestamp !== undefined && writer !== undefined) {
        try {
          const waits = writer.waits;
          await writer.observe(lastTimestamp);
          // It waited for a request: the event loop turned (and served) meanwhile.
          if (writer.waits !== waits) lastCpu = process.cpuUsage();
        } catch {
          // A refused write ends the replay (the bot would take a throwing feed for an
          // outage and retry); writer.close() rethrows it.
          return null;
        }
      }
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        const cpu = process.cpuUsage(lastCpu);
        const cpuMs = (cpu.user + cpu.system) / 1000;
        if (batches <= WARM_UP_BARS) stretch.warmUpCpuMs = Math.max(stretch.warmUpCpuMs, cpuMs);
        else stretch.longestCpuMs = Math.max(stretch.longestCpuMs, cpuMs);
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = performance.now();
        lastCpu = process.cpuUsage();
      }
      const batch = await market.next();
      batches++;
      if (batch === null) {
        if (lastTimestamp !== undefined) await writer?.sample(lastTimestamp).catch(() => {});
      } else lastTimestamp = batch.timestamp;
      return batch;
    },
  };
}

/** Serves the backtest's registry on the configured host, port, path, auth and TLS. */
async function serveMetrics(config: MetricsConfig, registry: Registry): Promise<MetricsServer> {
  const server = await startMetricsServer({
    host: config.host,
    port: config.port,
    registry,
    metricsPath: config.path,
    auth: config.auth,
    tls: config.tls === undefined ? undefined : readTlsFiles(config.tls),
    gzip: config.gzip,
    name: "tradewatch backtest",
  });
  process.stderr.write(`tradewatch backtest: serving metrics on ${server.url}\n`);
  return server;
}

/** Runs a backtest over a CSV file; resolves to the exit code. */
export async function backtest(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      data: { type: "string" },
      symbol: { type: "string" },
      seed: { type: "string" },
      cash: { type: "string" },
      "fault-rate": { type: "string" },
      "skip-invalid-bars": { type: "boolean" },
      sort: { type: "boolean" },
      "no-metrics": { type: "boolean" },
      "metrics-out": { type: "string" },
      serve: { type: "boolean" },
      "scrape-interval": { type: "string" },
      job: { type: "string" },
      instance: { type: "string" },
      bot: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(help);
    return 0;
  }
  if (values.data === undefined) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      "Invalid backtest: give the bars with --data <file.csv>",
    );
  }
  existingFileOption("data", values.data);
  const faultRate = numberOption("fault-rate", values["fault-rate"], 0, 1) ?? 0;
  const seed = numberOption("seed", values.seed, 0, 2 ** 32 - 1) ?? 42;
  const initialCash = numberOption("cash", values.cash, 1, 1e15) ?? 100_000;
  const instrumented = values["no-metrics"] !== true;
  if (values["metrics-out"] !== undefined && !instrumented) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      "Invalid --metrics-out with --no-metrics: nothing is recorded",
    );
  }
  const scrapeIntervalSeconds =
    numberOption("scrape-interval", values["scrape-interval"], 0.001, 31_536_000) ?? 15;
  const metricsConfig = await loadMetricsConfig();
  const registry = new Registry();
  registry.setMaxLabelValueBytes(metricsConfig.maxLabelValueBytes);
  const writer =
    instrumented && metricsConfig.remoteWrite.url !== undefined
      ? new SimulatedTimeWriter({
          registry,
          client: new RemoteWriteClient({
            url: metricsConfig.remoteWrite.url,
            registry,
            job: values.job ?? "tradewatch",
            instance: values.instance ?? `backtest:${basename(values.data)}`,
            externalLabels: { bot: values.bot ?? "backtest" },
          }),
          intervalMs: scrapeIntervalSeconds * 1000,
        })
      : undefined;
  const server = values.serve === true ? await serveMetrics(metricsConfig, registry) : undefined;
  // While serving: how long a scrape could have waited for the event loop.
  const loopDelay = server === undefined ? undefined : monitorEventLoopDelay({ resolution: 10 });
  loopDelay?.enable();
  const stretch = { warmUpCpuMs: 0, longestCpuMs: 0 };
  const progress: CsvReadProgress = { phase: "checking", bytesRead: 0, totalBytes: 0, bars: 0 };
  const stopProgress = startProgress(progress, process.stderr.isTTY === true);
  let market: CsvReplay;
  let summary: BacktestSummary;
  try {
    market = await CsvReplay.open(
      {
        path: values.data,
        symbol: values.symbol,
        skipInvalidBars: values["skip-invalid-bars"] === true,
        sort: values.sort === true,
      },
      progress,
    );
    summary = await runBacktest({
      market: paced(market, writer, stretch),
      config: {
        market: "csv",
        csvPath: values.data,
        seed,
        initialCash,
        faults:
          faultRate > 0
            ? {
                timeout: faultRate,
                rateLimit: faultRate,
                serverError: faultRate,
                disconnect: faultRate,
                maintenance: faultRate,
                rejection: faultRate,
              }
            : {},
      },
      attach: (bot) => {
        if (!instrumented) return;
        const recorder = createBotRecorder({
          registry,
          symbols: bot.market.symbols,
          constLabels: { environment: "backtest" },
          sources: ["csv"],
        });
        const instrumentation = instrumentBot(bot, recorder);
        instrumentation.start();
        return () => instrumentation.stop();
      },
    });
    await writer?.close();
  } finally {
    stopProgress();
    await server?.close();
    loopDelay?.disable();
  }
  if (loopDelay !== undefined) {
    process.stderr.write(
      `tradewatch backtest: served /metrics throughout; longest replay stretch between event-loop turns ${stretch.longestCpuMs.toFixed(0)} ms of CPU (${stretch.warmUpCpuMs.toFixed(0)} ms over the first ${WARM_UP_BARS} bars); event-loop delay max ${(loopDelay.max / 1e6).toFixed(0)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms of wall time\n`,
    );
  }
  if (market.skipped.size > 0) {
    process.stderr.write(
      `tradewatch backtest: skipped invalid bars of ${values.data}: ${describeSkipped(market.skipped)}\n`,
    );
  }
  if (values["metrics-out"] !== undefined) {
    writeFileSync(values["metrics-out"], await registry.metrics());
  }
  if (writer !== undefined) {
    const { samples, requests, series, firstMs, lastMs } = writer.stats;
    process.stderr.write(
      `tradewatch backtest: remote_write sent ${samples.toLocaleString("en-US")} samples of ${series} series in ${requests} requests to ${metricsConfig.remoteWrite.url}, ${new Date(firstMs).toISOString()} .. ${new Date(lastMs).toISOString()}\n`,
    );
  }
  if (instrumented && metricsConfig.pushgateway.url !== undefined) {
    await new PushgatewayClient({
      url: metricsConfig.pushgateway.url,
      job: metricsConfig.pushgateway.job,
      grouping: {
        instance: values.instance ?? `backtest:${basename(values.data)}`,
        ...metricsConfig.pushgateway.grouping,
      },
      registry,
    }).push();
    process.stderr.write(
      `tradewatch backtest: pushed the final results to ${metricsConfig.pushgateway.url}\n`,
    );
  }
  console.log(values.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
  return 0;
}
