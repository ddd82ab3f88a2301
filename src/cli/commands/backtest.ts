/** @module `tradewatch backtest --data <csv>`: replays OHLCV bars through the bot as fast as the machine allows. */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type BacktestSummary, runBacktest } from "../../bot/backtest.js";
import { type CsvReadProgress, CsvReplay } from "../../bot/market/csv/csv-replay.js";
import { describeSkipped } from "../../bot/market/csv/ohlcv-row-reader.js";
import { createBotRecorder } from "../../bot/telemetry/bot-recorder.js";
import { instrumentBot } from "../../bot/telemetry/instrument-bot.js";
import { TradewatchError } from "../../errors.js";
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
  const registry = new Registry();
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
      market,
      config: {
        market: "csv",
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
  } finally {
    stopProgress();
  }
  if (market.skipped.size > 0) {
    process.stderr.write(
      `tradewatch backtest: skipped invalid bars of ${values.data}: ${describeSkipped(market.skipped)}\n`,
    );
  }
  if (values["metrics-out"] !== undefined) {
    writeFileSync(values["metrics-out"], await registry.metrics());
  }
  console.log(values.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
  return 0;
}
