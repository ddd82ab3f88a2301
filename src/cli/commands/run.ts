/** @module `tradewatch run`: the paper-trading bot with /metrics, /health, /ready and a kill-switch endpoint. */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { defaultJournalPath, Journal, openBotJournal } from "../../analytics/index.js";
import { type ReplayResult, replayToJournal } from "../../analytics/journal/replay-restore.js";
import type { FillRecord } from "../../analytics/journal/types.js";
import type { BotConfig } from "../../bot/bot.js";
import { createBot } from "../../bot/bot.js";
import type { DurationRange } from "../../bot/execution/paper/fault-injector.js";
import { type FaultPhase, parseFaultSchedule } from "../../bot/execution/paper/fault-schedule.js";
import { SimulatedMarket } from "../../bot/market/simulated/simulated-market.js";
import { switchboard } from "../../bot/switchboard.js";
import { createBotRecorder } from "../../bot/telemetry/bot-recorder.js";
import { instrumentBot } from "../../bot/telemetry/instrument-bot.js";
import type { Plane } from "../../bot/types.js";
import { type MarketSource, planes } from "../../bot/types.js";
import { mountDashboard } from "../../dashboard/mount-dashboard.js";
import { TradewatchError } from "../../errors.js";
import { ConfigError } from "../../exporter/config-error.js";
import { loadMetricsConfig } from "../../exporter/load-metrics-config.js";
import { type LogLevel, logLevels, type MetricsConfig } from "../../exporter/metrics-config.js";
import { startMetricsServer } from "../../exporter/metrics-server.js";
import { readRequestBody } from "../../exporter/read-body.js";
import { startExporter } from "../../exporter/start-exporter.js";
import { HttpMetrics } from "../../instrument/http-metrics.js";
import { collectDefaultMetrics } from "../../metrics/default-metrics.js";
import { Registry } from "../../metrics/index.js";
import type { TradingRecorder } from "../../recorder/index.js";
import { runFaultSchedule } from "../fault-schedule-runner.js";
import { existingFileOption } from "../file-option.js";
import { numberOption } from "../number-option.js";
import { checkServerSettings, listening } from "../server-errors.js";
import {
  type AiAnalystSettings,
  aiAnalystHelp,
  aiAnalystSettings,
  startAiAnalyst,
} from "./run-ai-analyst.js";
import { startBarArchive } from "./run-bar-archive.js";
import { dataFaultRateHelp, dataFaultSettings } from "./run-data-faults.js";
import {
  type FeatureStoreSettings,
  featureStoreHelp,
  featureStoreSettings,
  RunFeatureCache,
  startFeatureStore,
} from "./run-feature-store.js";
import {
  type InfluxRunSettings,
  influxHelp,
  influxSettings,
  startInfluxPush,
} from "./run-influx.js";
import { RunSentiment, sentimentHelp } from "./run-sentiment.js";

const help = `Usage: tradewatch run [options]

Runs the reference paper-trading bot (paper money, no real orders) and serves
/metrics, /health, /ready and a live dashboard page at /. Ctrl-C stops it cleanly.

Market
  --market <sim|csv|ccxt>   market data source (default sim)
  --symbols <list>          comma-separated symbols (default BTC/USD,ETH/USD,SOL/USD,ADA/USD on sim)
  --data <file.csv>         OHLCV CSV for --market csv
  --exchange <id>           ccxt exchange for --market ccxt (default binance; public data only)
  --timeframe <tf>          ccxt timeframe (default 1m)
  --seed <n>                seed of the simulated market, latencies and faults (default 42)
  --speed <x>               market seconds per wall-clock second (default 300: a 1m bar every 200 ms);
                            it paces bars only: cooldowns, outages, staleness and every
                            timestamp on /metrics are wall-clock time (docs/TIME.md)
  --clock <wall|market>     operational time (default wall); market: operational time follows
                            bar times — reproducible paper runs and tests (docs/TIME.md)
  --crash-rate <p>          chance per bar of a volatility crash on the simulated market (default 0.0005)
${dataFaultRateHelp}

Faults (chance per exchange API call, 0..1; outages last wall-clock time)
  --fault-rate <p>          sets every fault rate below at once
  --fault-timeout <p>       RequestTimeout
  --fault-rate-limit <p>    HTTP 429 RateLimitExceeded
  --fault-server-error <p>  HTTP 503 ExchangeNotAvailable
  --fault-disconnect <p>    the connection drops (NetworkError) for --disconnect-seconds
  --fault-maintenance <p>   exchange maintenance (OnMaintenance) for --maintenance-seconds
  --fault-rejection <p>     order rejected (InvalidOrder)
  --disconnect-seconds <min-max>   length of a disconnect, drawn log-uniformly (default 5-180)
  --maintenance-seconds <min-max>  length of maintenance (default 30-300)
  --fault-schedule <phases> outages on a timeline from the start, then healthy: comma-separated
                            <duration>:<kind>, kind one of healthy, disconnect, maintenance,
                            api_errors (80 % of calls fail), rate_limit (every call 429),
                            plane_down:<data|strategy|order> (that plane's server stops);
                            e.g. 10m:healthy,3m:api_errors,150s:disconnect (docs/TIME.md)

Journal
  --bot-id <id>             names the bot and its journal (default paper)
  --journal <file>          trade journal, restored on start (default journal/<bot-id>.sqlite)
  --no-journal              keep no journal: a restart starts from --cash again
                            (with a journal, the bars received are stored beside it in
                            <journal>.bars.csv, the previous run's in .bars.csv.1: replay
                            them with --market csv --data)

Risk
  --cash <usd>              starting cash (default 100000)
  --limit-order-ttl <s>     a resting limit order the exchange has not filled is cancelled
                            after this many wall-clock seconds (default 300)
  --limit-offset-bps <n>    limit entries are placed this far below the close (default 5)
  --kill-switch             start with the kill switch on
  --kill-file <path>        trading halts while this file exists

Server (flags override tradewatch.yaml and METRICS_* variables, see tradewatch.example.yaml;
auth, gzip, the metrics path, Pushgateway and remote_write come from there)
  --host <addr>             interface to bind (default 127.0.0.1)
  --port <n>                /metrics, /health, /ready port (default 9100; 0 picks a free one)
  --data-port <n>           also serve the data plane's metrics on its own port
  --strategy-port <n>       also serve the strategy plane's metrics on its own port
  --order-port <n>          also serve the order plane's metrics on its own port
  --no-dashboard            do not serve the live dashboard page at /
  --duration <s>            stop after this many wall-clock seconds
  --cycles <n>              stop after n cycles (counting those a restart replays)
  --quiet                   no status lines (log.level warn, whatever tradewatch.yaml says)
  -h, --help                this help

${influxHelp}

${featureStoreHelp}

${aiAnalystHelp}

${sentimentHelp}

POST /kill-switch with {"active": true|false} turns the HTTP kill switch on or off;
GET /kill-switch shows every kill switch source and breaker.

SIGHUP re-reads tradewatch.yaml and the environment and applies auth, TLS certificate
files, log.level and the Pushgateway and remote_write settings at once; it prints one line
naming what changed and which changed keys need a restart (host, port, path, ...). An
invalid file is reported in one line and the running configuration is kept.`;

/** Options of the run command after parsing. */
interface RunOptions {
  readonly config: Partial<BotConfig>;
  /** Server settings given on the command line; they override tradewatch.yaml and METRICS_*. */
  readonly host: string | undefined;
  readonly port: number | undefined;
  readonly planePorts: Partial<Record<Plane, number>>;
  readonly durationSeconds: number | undefined;
  /** Stop once the engine has run this many cycles (counting replayed ones). */
  readonly cycles: number | undefined;
  readonly faultSchedule: readonly FaultPhase[] | undefined;
  readonly quiet: boolean;
  readonly dashboard: boolean;
  readonly journal: { readonly botId: string; readonly path: string } | undefined;
  /** Operational time: the wall clock, or the market's bar times (reproducible runs). */
  readonly clock: "wall" | "market";
  /** InfluxDB push of the registry and trade events (--influx-url); off without a URL. */
  readonly influx: InfluxRunSettings | undefined;
  /** Redis and Postgres layers of the feature store (--redis-url, --postgres-url). */
  readonly featureStore: FeatureStoreSettings;
  /** The advisory AI-analyst step; off without an LLM API key. */
  readonly aiAnalyst: AiAnalystSettings | undefined;
  /** The seeded sentiment gate on buy entries (--no-sentiment: none). */
  readonly sentiment: boolean;
}

function parseRunOptions(argv: readonly string[]): RunOptions | undefined {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      market: { type: "string" },
      symbols: { type: "string" },
      data: { type: "string" },
      exchange: { type: "string" },
      timeframe: { type: "string" },
      seed: { type: "string" },
      speed: { type: "string" },
      clock: { type: "string" },
      "crash-rate": { type: "string" },
      "data-fault-rate": { type: "string" },
      "influx-url": { type: "string" },
      "influx-database": { type: "string" },
      "influx-interval": { type: "string" },
      "redis-url": { type: "string" },
      "postgres-url": { type: "string" },
      "ai-model": { type: "string" },
      "limit-order-ttl": { type: "string" },
      "limit-offset-bps": { type: "string" },
      "no-sentiment": { type: "boolean" },
      "ai-every": { type: "string" },
      "fault-rate": { type: "string" },
      "fault-timeout": { type: "string" },
      "fault-rate-limit": { type: "string" },
      "fault-server-error": { type: "string" },
      "fault-disconnect": { type: "string" },
      "fault-maintenance": { type: "string" },
      "fault-rejection": { type: "string" },
      "disconnect-seconds": { type: "string" },
      "maintenance-seconds": { type: "string" },
      "fault-schedule": { type: "string" },
      cash: { type: "string" },
      "kill-switch": { type: "boolean" },
      "kill-file": { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      "data-port": { type: "string" },
      "strategy-port": { type: "string" },
      "order-port": { type: "string" },
      duration: { type: "string" },
      cycles: { type: "string" },
      quiet: { type: "boolean" },
      "no-dashboard": { type: "boolean" },
      journal: { type: "string" },
      "bot-id": { type: "string" },
      "no-journal": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return undefined;
  const market = (values.market ?? "sim") as MarketSource;
  if (!["sim", "csv", "ccxt"].includes(market)) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid --market "${market}": must be sim, csv or ccxt`,
    );
  }
  if (market === "csv" && values.data === undefined) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      "Invalid --market csv: give the file with --data <file.csv>",
    );
  }
  const clock = values.clock ?? "wall";
  if (clock !== "wall" && clock !== "market") {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid --clock "${clock}": must be wall or market`,
    );
  }
  const all = numberOption("fault-rate", values["fault-rate"], 0, 1);
  const rate = (name: string, value: string | undefined): number | undefined =>
    numberOption(name, value, 0, 1) ?? all;
  const faults = {
    timeout: rate("fault-timeout", values["fault-timeout"]),
    rateLimit: rate("fault-rate-limit", values["fault-rate-limit"]),
    serverError: rate("fault-server-error", values["fault-server-error"]),
    disconnect: rate("fault-disconnect", values["fault-disconnect"]),
    maintenance: rate("fault-maintenance", values["fault-maintenance"]),
    rejection: rate("fault-rejection", values["fault-rejection"]),
  };
  const definedFaults = Object.fromEntries(
    Object.entries(faults).filter(([, value]) => value !== undefined),
  );
  const seed = numberOption("seed", values.seed, 0, 2 ** 32 - 1) ?? 42;
  const limitOffsetBps = numberOption("limit-offset-bps", values["limit-offset-bps"], 0, 10_000);
  const limitOrderTtlSeconds = numberOption(
    "limit-order-ttl",
    values["limit-order-ttl"],
    0.001,
    86_400,
  );
  const speed = numberOption("speed", values.speed, 0.001, 1e9) ?? 300;
  const crashRate = numberOption("crash-rate", values["crash-rate"], 0, 1);
  const barSeconds = 60;
  const symbols = values.symbols
    ?.split(",")
    .map((symbol) => symbol.trim())
    .filter((symbol) => symbol !== "");
  const config: Partial<BotConfig> = {
    seed,
    market,
    ...(symbols === undefined ? {} : { symbols }),
    ...(values.data === undefined ? {} : { csvPath: existingFileOption("data", values.data) }),
    ...(values.exchange === undefined ? {} : { ccxtExchange: values.exchange }),
    ...(values.timeframe === undefined ? {} : { timeframe: values.timeframe }),
    barSeconds,
    cycleIntervalMs: market === "ccxt" ? 5_000 : (barSeconds * 1000) / speed,
    initialCash: numberOption("cash", values.cash, 1, 1e15) ?? 100_000,
    faults: definedFaults,
    exchange: {
      faults: {
        ...durationRangeOption("disconnect-seconds", values["disconnect-seconds"]),
        ...durationRangeOption("maintenance-seconds", values["maintenance-seconds"]),
      },
      ...(limitOrderTtlSeconds === undefined ? {} : { limitOrderTtlSeconds }),
    },
    simulated: {
      ...dataFaultSettings(values["data-fault-rate"], market),
      ...(crashRate === undefined ? {} : { crashRate }),
    },
    killSwitch: { active: values["kill-switch"] ?? false, file: values["kill-file"] },
    ...(limitOffsetBps === undefined ? {} : { engine: { limitOffsetBps } }),
  };
  const port = (name: string, value: string | undefined): number | undefined =>
    numberOption(name, value, 0, 65_535, { integer: true });
  const planePorts: Partial<Record<Plane, number>> = {};
  for (const plane of planes) {
    const value = port(`${plane}-port`, values[`${plane}-port`]);
    if (value !== undefined) planePorts[plane] = value;
  }
  return {
    config,
    host: values.host,
    port: port("port", values.port),
    planePorts,
    durationSeconds: numberOption("duration", values.duration, 0, 1e9),
    cycles: numberOption("cycles", values.cycles, 1, 1e12, { integer: true }),
    faultSchedule:
      values["fault-schedule"] === undefined
        ? undefined
        : parseFaultSchedule(values["fault-schedule"]),
    quiet: values.quiet ?? false,
    dashboard: values["no-dashboard"] !== true,
    clock,
    journal:
      values["no-journal"] === true ? undefined : journalOption(values["bot-id"], values.journal),
    influx: influxSettings(values, process.env, values["bot-id"] ?? "paper"),
    featureStore: featureStoreSettings(values, process.env),
    aiAnalyst: aiAnalystSettings(values, process.env),
    sentiment: values["no-sentiment"] !== true,
  };
}

/** Reads `--disconnect-seconds 5-180` (or one number) into the fault config's range. */
function durationRangeOption(
  name: "disconnect-seconds" | "maintenance-seconds",
  value: string | undefined,
): Record<string, DurationRange> {
  if (value === undefined) return {};
  const [low, high = low] = value.split("-");
  const min = numberOption(name, low, 0.001, 1e7);
  const max = numberOption(name, high, 0.001, 1e7);
  if (min === undefined || max === undefined || max < min) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid --${name} "${value}": must be <seconds> or <min>-<max> with min <= max`,
    );
  }
  const key = name === "disconnect-seconds" ? "disconnectSeconds" : "maintenanceSeconds";
  return { [key]: { min, max } };
}

function journalOption(botId = "paper", path: string | undefined): RunOptions["journal"] {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(botId)) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid --bot-id "${botId}": must be 1-64 letters, digits, ".", "_" or "-"`,
    );
  }
  return { botId, path: path ?? defaultJournalPath(botId) };
}

/** Returns a journal's fills in the order they were made. */
function journalFills(path: string): FillRecord[] {
  const journal = Journal.open({ path, readOnly: true });
  try {
    return journal.fills();
  } finally {
    journal.close();
  }
}

/**
 * Returns the simulated market's start time for a journal that already holds a run: the bar
 * after its last fill or equity snapshot, so a restarted paper bot continues the journal's
 * timeline instead of writing over it from the market's default start.
 */
function resumedSimulatedStart(path: string, barSeconds: number): number | undefined {
  if (!existsSync(path)) return undefined;
  const journal = Journal.open({ path, readOnly: true });
  try {
    const state = journal.portfolio();
    const last = Math.max(state.lastFillTimestamp ?? 0, state.lastEquity?.timestamp ?? 0);
    if (last === 0) return undefined;
    const bar = barSeconds * 1000;
    return (Math.floor(last / bar) + 1) * bar;
  } finally {
    journal.close();
  }
}

function recorderFor(
  registry: Registry,
  symbols: readonly string[],
  plane: Plane | undefined,
  enabled: boolean,
  models?: readonly string[],
): TradingRecorder {
  return createBotRecorder({
    enabled,
    registry,
    symbols,
    models,
    constLabels: plane === undefined ? { environment: "paper" } : { environment: "paper", plane },
  });
}

/**
 * Runs the bot until Ctrl-C (SIGINT), SIGTERM or `--duration`, serving its metrics.
 * Resolves to the exit code.
 */
export async function run(argv: readonly string[]): Promise<number> {
  const options = parseRunOptions(argv);
  if (options === undefined) {
    console.log(help);
    return 0;
  }
  let config = options.config;
  // A restarted simulated market continues the journal's run. On the market clock the journal's
  // times are bar times: the seeded market is fast-forwarded to the bar after its last record,
  // so its random stream gives the same bars as an uninterrupted run would (about 4 µs a bar: a
  // day of 1m bars in 6 ms). On the wall clock they are wall times, which say nothing of the
  // market's position: the market starts afresh after them.
  const resumedStart =
    options.journal !== undefined && config.market === "sim"
      ? resumedSimulatedStart(options.journal.path, config.barSeconds ?? 60)
      : undefined;
  if (resumedStart !== undefined && options.clock === "wall")
    config = { ...config, simulated: { ...config.simulated, startTime: resumedStart } };
  const metricsConfig = await loadMetricsConfig();
  const exporterConfig = withServerFlags(metricsConfig, options);
  // --quiet is log.level warn; a reload changes the level unless --quiet was given.
  let logLevel: LogLevel = options.quiet ? "warn" : metricsConfig.logLevel;
  const logs = (level: LogLevel): boolean =>
    logLevels.indexOf(level) >= logLevels.indexOf(logLevel);
  checkServerSettings(exporterConfig, metricsConfig, options);
  // The strategies' features go through the feature store once the recorder exists (below).
  const featureCache = new RunFeatureCache();
  // The sentiment gate is the engine's; its providers are recorded once the recorder exists.
  const sentiment = options.sentiment ? new RunSentiment(config.seed ?? 42) : undefined;
  const bot = await createBot(config, {
    ...(options.clock === "market" ? { clock: "market" as const } : {}),
    featureCache,
    entryGate: sentiment?.gate,
  });
  // On the market clock the seeded bot is deterministic: a restart replays it from its start to
  // the journal's last record, checking that it makes the journal's fills again, so open orders,
  // indicators, risk state, breakers and random streams are exactly where the killed run had them.
  let replayed: ReplayResult | undefined;
  if (
    resumedStart !== undefined &&
    options.clock === "market" &&
    bot.market instanceof SimulatedMarket &&
    options.journal !== undefined
  ) {
    const fills = journalFills(options.journal.path);
    const lastRecordTime = resumedStart - bot.market.barSeconds * 1000;
    replayed = await replayToJournal(bot, { fills, lastRecordTime }, (cycles, made) => {
      console.error(`restoring: replayed ${cycles} cycles, ${made} of ${fills.length} fills`);
    });
    console.error(
      `restoring: replayed ${replayed.cycles} cycles and ${replayed.fills} fills in ${replayed.seconds.toFixed(2)} s`,
    );
  }
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const recorder = recorderFor(
    registry,
    bot.market.symbols,
    undefined,
    exporterConfig.enabled,
    options.aiAnalyst === undefined ? undefined : [options.aiAnalyst.model],
  );
  sentiment?.attach(bot, recorder);
  // The journal subscribes before the metrics, so a fill is on disk before anything reports it.
  const botJournal =
    options.journal === undefined
      ? undefined
      : openBotJournal(bot, {
          ...options.journal,
          recorder,
          databaseMetrics: recorder,
          // Performance statistics refresh once per default scrape interval.
          gauges: { intervalMs: 15_000 },
          replayed,
        });
  // The market data store: the accepted bars beside the journal (data_storage_writes_total).
  const barArchive =
    options.journal === undefined
      ? undefined
      : startBarArchive(bot, options.journal.path, recorder);
  const subscribers = [instrumentBot(bot, recorder)];
  const planeRegistries: Partial<Record<Plane, Registry>> = {};
  for (const plane of exporterConfig.enabled
    ? (Object.keys(exporterConfig.planes) as Plane[])
    : []) {
    const planeRegistry = new Registry();
    subscribers.push(
      instrumentBot(bot, recorderFor(planeRegistry, bot.market.symbols, plane, true), {
        plane,
      }),
    );
    planeRegistries[plane] = planeRegistry;
  }
  for (const subscriber of subscribers) subscriber.start();
  const influx =
    options.influx === undefined ? undefined : await startInfluxPush(bot, registry, options.influx);
  const featureStore = await startFeatureStore(
    featureCache,
    recorder,
    options.featureStore,
    (line) => console.error(`tradewatch run: ${line}`),
  );
  const aiAnalyst =
    options.aiAnalyst === undefined
      ? undefined
      : await startAiAnalyst(bot, recorder, options.aiAnalyst, (line) =>
          console.error(`tradewatch run: ${line}`),
        );

  const exporter = await listening(exporterConfig, metricsConfig, options, () =>
    startExporter(exporterConfig, {
      registry,
      planes: planeRegistries,
      // The bot's own server is an HTTP server like any other: its requests are in http_*.
      httpMetrics: new HttpMetrics({ metrics: recorder.httpMetricSet() }),
    }),
  );
  const server =
    exporter.server ??
    (await listening(exporterConfig, metricsConfig, options, () =>
      startMetricsServer({
        host: exporterConfig.host,
        port: exporterConfig.port,
        registry: new Registry(),
        name: "tradewatch-bot",
      }),
    ));
  const planeServers = exporter.planes;
  server.addHealthCheck("bot", () => ({ ok: bot.state === "running", detail: bot.state }));
  server.addHealthCheck(
    "market_data",
    () => ({
      ok: !bot.exhausted,
      detail: bot.exhausted ? "market data exhausted" : bot.market.source,
    }),
    { readiness: true },
  );
  server.addHealthCheck("circuit_breakers", () => {
    const tripped = bot.breakers.tripped();
    return {
      ok: true,
      detail: tripped.length === 0 ? "all closed" : `tripped: ${tripped.join(", ")}`,
    };
  });
  const killSwitchState = () => ({
    active: Object.fromEntries(bot.killSwitch.active()),
    halted: bot.risk.haltReason() ?? null,
    breakers: bot.breakers.tripped(),
  });
  server.route("GET", "/kill-switch", (_req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(`${JSON.stringify(killSwitchState())}\n`);
  });
  server.route("POST", "/kill-switch", async (req, res, { maxBodyBytes }) => {
    // Past the server's body limit this throws and the server answers 413, reading no further.
    const text = (await readRequestBody(req, maxBodyBytes)).trim();
    let active: unknown;
    try {
      const body = (text === "" ? {} : JSON.parse(text)) as { active?: unknown; reason?: unknown };
      active = body.active ?? true;
      if (typeof active !== "boolean") throw new Error(`"active" was ${JSON.stringify(active)}`);
      const reason = typeof body.reason === "string" ? body.reason : "HTTP request";
      bot.setKillSwitch(active, reason);
    } catch (error) {
      res.statusCode = 400;
      res.setHeader("content-type", "application/json");
      res.end(
        `${JSON.stringify({ error: `Invalid kill-switch request: ${error instanceof Error ? error.message : String(error)}; send {"active": true|false}` })}\n`,
      );
      return;
    }
    res.setHeader("content-type", "application/json");
    res.end(`${JSON.stringify(killSwitchState())}\n`);
  });

  const dashboard =
    options.dashboard && exporterConfig.enabled
      ? mountDashboard(server, { registry, bus: bot.bus, title: "tradewatch paper bot" })
      : undefined;
  const schedule =
    options.faultSchedule === undefined
      ? undefined
      : runFaultSchedule(options.faultSchedule, bot, planeServers, (line) => {
          if (logs("info")) console.error(`tradewatch run: ${line}`);
        });
  // --cycles stops the loop right after the n-th cycle (the bus reports it before the loop goes on).
  let cyclesReached: (() => void) | undefined;
  const cyclesDone = new Promise<void>((resolve) => {
    cyclesReached = resolve;
  });
  const cycleLimit = options.cycles;
  const stopAtCycles =
    cycleLimit === undefined
      ? undefined
      : bot.bus.subscribe(switchboard.cycle, () => {
          if (bot.engine.cycles < cycleLimit) return;
          bot.stop();
          cyclesReached?.();
        });
  const loop = bot.run();
  if (cycleLimit !== undefined && bot.engine.cycles >= cycleLimit) {
    bot.stop();
    cyclesReached?.();
  }
  let readyTimer: NodeJS.Timeout | undefined = setInterval(() => {
    if (bot.ready) {
      server.setReady(true);
      planeServers?.setReady(true);
      clearInterval(readyTimer);
      readyTimer = undefined;
    }
  }, 50);
  if (logs("info")) {
    const planeText = Object.entries(exporterConfig.planes)
      .map(([plane, port]) => `${plane}:${port}`)
      .join(", ");
    console.error(
      `tradewatch run: paper trading ${bot.market.symbols.join(", ")} on the ${bot.market.source} market; ${dashboard === undefined ? "" : `dashboard at ${server.url}/, `}${exporterConfig.enabled ? `metrics at ${server.url}${exporterConfig.path}` : "metrics disabled (metrics.enabled / METRICS_ENABLED)"}${planeText === "" ? "" : ` (planes ${planeText})`}; ${journalText(botJournal, options.journal?.path)}; Ctrl-C stops`,
    );
  }
  const status = setInterval(() => {
    if (!logs("info")) return;
    const portfolio = bot.portfolio;
    const last = bot.engine.lastCycle;
    console.error(
      `cycle ${bot.engine.cycles}  nav ${portfolio.nav.toFixed(2)}  positions ${portfolio.openPositionCount}  last ${last?.status ?? "-"}${last?.noTradeReason === undefined ? "" : ` (${last.noTradeReason})`}${bot.breakers.anyTripped ? `  breakers: ${bot.breakers.tripped().join(",")}` : ""}`,
    );
  }, 10_000);

  // SIGHUP: re-read tradewatch.yaml and the environment, apply what can change live, say what
  // needs a restart. Reloads run one after another; a bad file keeps the running configuration.
  let reloading = Promise.resolve();
  const reload = async (): Promise<void> => {
    let changes: Awaited<ReturnType<typeof exporter.reload>>;
    try {
      changes = await exporter.reload(withServerFlags(await loadMetricsConfig(), options));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      console.error(
        `tradewatch run: reload failed, still running the previous configuration: ${error.message.split("\n").join("; ")}`,
      );
      return;
    }
    if (!options.quiet) logLevel = changes.running.logLevel;
    if (!logs("warn")) return;
    const { live, restart } = changes;
    console.error(
      `tradewatch run: configuration reloaded: ${live.length === 0 ? "nothing to apply" : `applied ${live.join(", ")}`}${restart.length === 0 ? "" : `; needs a restart to apply: ${restart.join(", ")}`}`,
    );
  };
  const onHangup = (): void => {
    reloading = reloading.then(reload).catch((error: unknown) => {
      console.error(
        `tradewatch run: reload failed, still running the previous configuration: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  };
  process.on("SIGHUP", onHangup);

  const stopped = new Promise<string>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => resolve(signal);
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    if (options.durationSeconds !== undefined) {
      setTimeout(() => resolve("duration"), options.durationSeconds * 1000).unref();
    }
    void cyclesDone.then(() => {
      stopAtCycles?.();
      resolve("cycles");
    });
    void loop.then(() => {
      if (!bot.exhausted) return;
      // A finished replay keeps its final metrics on /metrics until Ctrl-C; /ready says it is done.
      server.setReady(false);
      if (logs("info")) {
        console.error("tradewatch run: market data exhausted; still serving /metrics until Ctrl-C");
      }
    });
  });
  const why = await stopped;
  if (logs("info")) console.error(`tradewatch run: stopping (${why})`);
  process.off("SIGHUP", onHangup);
  await reloading;
  if (readyTimer !== undefined) clearInterval(readyTimer);
  clearInterval(status);
  schedule?.stop();
  server.setReady(false);
  dashboard?.close();
  await bot.shutdown();
  await influx?.stop();
  await featureStore.stop();
  await aiAnalyst?.stop();
  botJournal?.close();
  barArchive?.close();
  for (const subscriber of subscribers) subscriber.stop();
  bot.dispose();
  await exporter.close();
  if (exporter.server === undefined) await server.close();
  return 0;
}

/** The loaded configuration with the server flags (--host, --port, --<plane>-port) applied over it. */
function withServerFlags(config: MetricsConfig, options: RunOptions): MetricsConfig {
  return {
    ...config,
    host: options.host ?? config.host,
    port: options.port ?? config.port,
    planes: { ...config.planes, ...options.planePorts },
  };
}

function journalText(
  botJournal: ReturnType<typeof openBotJournal> | undefined,
  path: string | undefined,
): string {
  if (botJournal === undefined || path === undefined) return "no journal";
  const restored = botJournal.restored;
  return restored === undefined || restored.fillCount === 0
    ? `journal ${path}`
    : `journal ${path} (restored ${restored.fillCount} fills, cash ${restored.cash.toFixed(2)})`;
}
