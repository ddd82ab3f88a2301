/** @module `tradewatch backtest --data <csv>`: replays OHLCV bars through the bot as fast as the machine allows. */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type BacktestSummary, runBacktest } from "../../bot/backtest.js";
import { CsvReplay } from "../../bot/market/csv/csv-replay.js";
import { createBotRecorder } from "../../bot/telemetry/bot-recorder.js";
import { MetricsSubscriber } from "../../bot/telemetry/metrics-subscriber.js";
import { TradewatchError } from "../../errors.js";
import { Registry } from "../../metrics/index.js";
import { numberOption } from "../number-option.js";

const help = `Usage: tradewatch backtest --data <file.csv> [options]

Replays OHLCV bars (columns timestamp, open, high, low, close, volume and an optional
symbol column) through the paper-trading bot in simulated time, as fast as the machine
allows, with a progress bar on stderr and a summary at the end. The same data and seed
always give the same trades.

  --data <file.csv>         the bars to replay (required)
  --symbol <name>           symbol of a file without a symbol column (default: file name)
  --seed <n>                seed of latencies, slippage noise and faults (default 42)
  --cash <usd>              starting cash (default 100000)
  --fault-rate <p>          chance per exchange API call of each injected fault (default 0)
  --no-metrics              run without the metrics subscriber
  --metrics-out <file>      write the final /metrics exposition to this file
  --json                    print the summary as JSON
  -h, --help                this help`;

function progressBar(done: number, total: number, barsPerSecond: number): string {
  const width = 30;
  const ratio = total === 0 ? 1 : Math.min(done / total, 1);
  const filled = Math.round(ratio * width);
  return `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}%  ${done}/${total} cycles  ${Math.round(barsPerSecond)} bars/s`;
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
  const market = new CsvReplay({ path: values.data, symbol: values.symbol });
  const faultRate = numberOption("fault-rate", values["fault-rate"], 0, 1) ?? 0;
  const instrumented = values["no-metrics"] !== true;
  const registry = new Registry();
  const interactive = process.stderr.isTTY === true;
  const started = performance.now();
  let lastDraw = 0;
  let drawnCycles = -1;
  const summary = await runBacktest({
    market,
    config: {
      market: "csv",
      seed: numberOption("seed", values.seed, 0, 2 ** 32 - 1) ?? 42,
      initialCash: numberOption("cash", values.cash, 1, 1e15) ?? 100_000,
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
    progressEvery: 500,
    attach: (bot) => {
      if (!instrumented) return;
      const recorder = createBotRecorder({
        registry,
        symbols: bot.market.symbols,
        constLabels: { environment: "backtest" },
        sources: ["csv"],
      });
      const subscriber = new MetricsSubscriber(bot.bus, recorder);
      subscriber.start();
      return () => subscriber.dispose();
    },
    onProgress: (cycles) => {
      const now = performance.now();
      if (cycles === drawnCycles || (now - lastDraw < 100 && cycles < market.length)) return;
      lastDraw = now;
      drawnCycles = cycles;
      const bars = (cycles * market.symbols.length) / ((now - started) / 1000);
      if (interactive || cycles === market.length)
        process.stderr.write(progressBar(cycles, market.length, bars));
    },
  });
  process.stderr.write("\n");
  if (values["metrics-out"] !== undefined) {
    if (!instrumented) {
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        "Invalid --metrics-out with --no-metrics: nothing is recorded",
      );
    }
    writeFileSync(values["metrics-out"], await registry.metrics());
  }
  console.log(values.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
  return 0;
}
