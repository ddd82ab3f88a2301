import { describe, expect, it } from "vitest";
import { ConfigError } from "../config/config-error.js";
import { Registry } from "../metrics/index.js";
import { createRecorder } from "../recorder/index.js";
import { createBot } from "./bot.js";
import { SimulatedClock } from "./clock.js";
import { TradingEngine } from "./engine/trading-engine.js";
import { FillModel } from "./execution/paper/fill-model.js";
import { PaperExchange } from "./execution/paper/paper-exchange.js";
import { RateLimiter } from "./execution/rate-limiter.js";
import { CsvReplay } from "./market/csv/csv-replay.js";
import { SimulatedMarket } from "./market/simulated/simulated-market.js";
import { MessageBus } from "./message-bus.js";
import { Portfolio } from "./portfolio/portfolio.js";
import { CircuitBreakers } from "./risk/circuit-breakers.js";
import { KillSwitch } from "./risk/kill-switch.js";
import { RiskEngine } from "./risk/risk-engine.js";
import { MeanReversionStrategy } from "./strategy/mean-reversion/mean-reversion-strategy.js";
import { RegimeDetector } from "./strategy/regime-detector.js";
import { TrendMomentumStrategy } from "./strategy/trend-momentum/trend-momentum-strategy.js";
import { MetricsSubscriber } from "./telemetry/metrics-subscriber.js";

/** The error a construction threw, or a failure when it threw none. */
function configErrorOf(build: () => unknown): ConfigError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError, construction succeeded");
}

interface Row {
  readonly component: string;
  /** The dotted path the component names its keys under. */
  readonly path: string;
  readonly build: (config: Record<string, unknown>) => unknown;
  /** A key given a value of the wrong type, and the rule the message states. */
  readonly wrongType: readonly [key: string, value: unknown, rule: string];
  /** A number key given a value out of range, and the rule. */
  readonly outOfRange: readonly [key: string, value: number, rule: string];
  /** A misspelt key and the known key it is nearest to. */
  readonly typo: readonly [typo: string, nearest: string];
}

const bus = () => new MessageBus();
const clock = () => new SimulatedClock(0);

const rows: readonly Row[] = [
  {
    component: "RiskEngine",
    path: "risk",
    build: (config) => {
      const b = bus();
      const portfolio = new Portfolio(b);
      return new RiskEngine(
        b,
        portfolio,
        clock(),
        new CircuitBreakers(b),
        new KillSwitch(b),
        config,
      );
    },
    wrongType: ["maxOpenPositions", "five", "must be an integer of at least 0"],
    outOfRange: ["dailyStopLossPct", 120, "must be a number from 0 to 100"],
    typo: ["maxOpenPosition", "maxOpenPositions"],
  },
  {
    component: "KillSwitch",
    path: "killSwitch",
    build: (config) => new KillSwitch(bus(), config),
    wrongType: ["active", "yes", "must be true or false"],
    outOfRange: ["file", 3, "must be a non-empty string"],
    typo: ["activ", "active"],
  },
  {
    component: "CircuitBreakers",
    path: "breakers",
    build: (config) => new CircuitBreakers(bus(), config),
    wrongType: ["crashDropPct", "5%", "must be a number above 0 and at most 100"],
    outOfRange: ["apiErrorThreshold", 0, "must be an integer of at least 1"],
    typo: ["apiErrorTreshold", "apiErrorThreshold"],
  },
  {
    component: "TradingEngine",
    path: "engine",
    build: (config) => {
      const b = bus();
      const c = clock();
      const portfolio = new Portfolio(b);
      const parts = {
        bus: b,
        clock: c,
        market: new SimulatedMarket(),
        strategies: [],
        exchange: new PaperExchange(c),
        rateLimiter: new RateLimiter(c),
        portfolio,
        risk: new RiskEngine(b, portfolio, c, new CircuitBreakers(b), new KillSwitch(b)),
      };
      return new TradingEngine(parts, config);
    },
    wrongType: ["minSignalStrength", null, "must be a number from 0 to 1"],
    outOfRange: ["targetPositionPct", 0, "must be a number above 0 and at most 100"],
    typo: ["staleAfterBar", "staleAfterBars"],
  },
  {
    component: "Portfolio",
    path: "portfolio",
    build: (config) => new Portfolio(bus(), config),
    wrongType: ["initialCash", "100000", "must be a number above 0"],
    outOfRange: ["dustThreshold", -1, "must be a number of at least 0"],
    typo: ["initalCash", "initialCash"],
  },
  {
    component: "RegimeDetector",
    path: "regimes",
    build: (config) => new RegimeDetector(bus(), config),
    wrongType: ["window", 2.5, "must be an integer of at least 2"],
    outOfRange: ["barSeconds", 0, "must be a number above 0"],
    typo: ["windw", "window"],
  },
  {
    component: "MeanReversionStrategy",
    path: "meanReversion",
    build: (config) => new MeanReversionStrategy(config),
    wrongType: ["bandPeriod", "20", "must be an integer of at least 2"],
    outOfRange: ["oversold", 101, "must be a number from 0 to 100"],
    typo: ["rsiPeriode", "rsiPeriod"],
  },
  {
    component: "TrendMomentumStrategy",
    path: "trendMomentum",
    build: (config) => new TrendMomentumStrategy(config),
    wrongType: ["fastPeriod", true, "must be an integer of at least 1"],
    outOfRange: ["fullStrengthSpread", -0.1, "must be a number above 0"],
    typo: ["slowPeriods", "slowPeriod"],
  },
  {
    component: "CsvReplay",
    path: "csv",
    build: (config) =>
      new CsvReplay({ text: "timestamp,open,high,low,close\n1704067200000,1,1,1,1\n", ...config }),
    wrongType: ["sort", "yes", "must be true or false"],
    outOfRange: ["symbol", 7, "must be a non-empty string"],
    typo: ["skipInvalidBar", "skipInvalidBars"],
  },
  {
    component: "SimulatedMarket",
    path: "simulated",
    build: (config) => new SimulatedMarket(config),
    wrongType: ["symbols", "BTC/USD", "must be a list"],
    outOfRange: ["crashRate", 2, "must be a number from 0 to 1"],
    typo: ["ticksPerBars", "ticksPerBar"],
  },
  {
    component: "FillModel",
    path: "exchange.fillModel",
    build: (config) => new FillModel(config),
    wrongType: ["maxParts", "4", "must be an integer of at least 1"],
    outOfRange: ["takerFeeRate", 1.5, "must be a number from 0 to 1"],
    typo: ["makerFee", "makerFeeRate"],
  },
  {
    component: "PaperExchange",
    path: "exchange",
    build: (config) => new PaperExchange(clock(), config),
    wrongType: ["ackLatencyMs", "40ms", "must be a number of at least 0"],
    outOfRange: ["initialCash", 0, "must be a number above 0"],
    typo: ["minNotionl", "minNotional"],
  },
  {
    component: "RateLimiter",
    path: "rateLimiter",
    build: (config) => new RateLimiter(clock(), config),
    wrongType: ["capacity", [10], "must be a number of at least 1"],
    outOfRange: ["refillPerSecond", 0, "must be a number above 0"],
    typo: ["capacty", "capacity"],
  },
  {
    component: "MetricsSubscriber",
    path: "metricsSubscriber",
    build: (config) =>
      new MetricsSubscriber(bus(), createRecorder({ registry: new Registry() }), config),
    wrongType: ["plane", 1, "must be one of data, strategy, order"],
    outOfRange: ["flushIntervalMs", -100, "must be a number of at least 0"],
    typo: ["flushInterval", "flushIntervalMs"],
  },
];

describe.each(rows)("$component config", (row) => {
  const show = (value: unknown) => JSON.stringify(value);

  it("refuses a value of the wrong type, naming the dotted key and the value", () => {
    const [key, value, rule] = row.wrongType;
    const error = configErrorOf(() => row.build({ [key]: value }));
    expect(error.code).toBe("ERR_INVALID_CONFIG");
    expect(error.key).toBe(`${row.path}.${key}`);
    expect(error.message).toBe(`Invalid config "${row.path}.${key}": was ${show(value)}, ${rule}`);
  });

  it("refuses a number out of range", () => {
    const [key, value, rule] = row.outOfRange;
    const error = configErrorOf(() => row.build({ [key]: value }));
    expect(error.message).toBe(`Invalid config "${row.path}.${key}": was ${value}, ${rule}`);
  });

  it("refuses an unknown key, suggesting the nearest known one", () => {
    const [typo, nearest] = row.typo;
    const error = configErrorOf(() => row.build({ [typo]: 1 }));
    expect(error.key).toBe(`${row.path}.${typo}`);
    expect(error.message).toMatch(
      new RegExp(
        `^Unknown config key "${row.path}\\.${typo}": did you mean "${row.path}\\.${nearest}"\\? known keys under "${row.path}" are .*\\b${nearest}\\b`,
      ),
    );
  });

  it("reports all three violations together, in one error", () => {
    const error = configErrorOf(() =>
      row.build({
        [row.wrongType[0]]: row.wrongType[1],
        [row.outOfRange[0]]: row.outOfRange[1],
        [row.typo[0]]: 1,
      }),
    );
    expect(error.violations.map((violation) => violation.key).sort()).toEqual(
      [row.wrongType[0], row.outOfRange[0], row.typo[0]].map((key) => `${row.path}.${key}`).sort(),
    );
    expect(error.message.split("\n")).toHaveLength(3);
  });

  it("accepts its defaults and freezes the result", () => {
    const built = row.build({}) as { readonly config?: object; readonly options?: object };
    if (built.config !== undefined) expect(Object.isFrozen(built.config)).toBe(true);
  });
});

describe("config checks across keys", () => {
  it("names the key that conflicts with another, with both values", () => {
    expect(configErrorOf(() => new TrendMomentumStrategy({ fastPeriod: 30 })).message).toBe(
      'Invalid config "trendMomentum.fastPeriod": was 30, must be below slowPeriod (26)',
    );
    expect(
      configErrorOf(() => new MeanReversionStrategy({ oversold: 70, overbought: 60 })).message,
    ).toBe('Invalid config "meanReversion.oversold": was 70, must be below overbought (60)');
    expect(
      configErrorOf(
        () => new PaperExchange(clock(), { faults: { disconnectSeconds: { min: 10, max: 5 } } }),
      ).message,
    ).toBe(
      'Invalid config "exchange.faults.disconnectSeconds.max": was 5, must be at least min (10)',
    );
  });
});

describe("createBot", () => {
  it("validates the whole config tree and throws one error listing every violation under its dotted key", async () => {
    const error = await createBot({
      seed: 1.5,
      markt: "sim",
      faults: { rateLimit: 2 },
      risk: { maxOpenPositions: -1, maxDrawdownPtc: 20 },
      exchange: { fillModel: { takerFeeRate: "0.1%" } },
      trendMomentum: { fastPeriod: 40 },
      strategies: ["trend_momentum", "momentum"],
    } as never).then(
      () => expect.unreachable("createBot accepted an invalid config"),
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message.split("\n")).toEqual([
      'Invalid config "seed": was 1.5, must be an integer',
      'Unknown config key "markt": did you mean "market"? known keys are seed, market, symbols, csvPath, ccxtExchange, timeframe, barSeconds, cycleIntervalMs, initialCash, strategies, faults, simulated, exchange, risk, breakers, killSwitch, rateLimiter, engine, trendMomentum, meanReversion',
      'Invalid config "faults.rateLimit": was 2, must be a number from 0 to 1',
      'Invalid config "risk.maxOpenPositions": was -1, must be an integer of at least 0',
      expect.stringMatching(
        /^Unknown config key "risk\.maxDrawdownPtc": did you mean "risk\.maxDrawdownPct"\?/,
      ),
      'Invalid config "exchange.fillModel.takerFeeRate": was "0.1%", must be a number from 0 to 1',
      'Invalid config "trendMomentum.fastPeriod": was 40, must be below slowPeriod (26)',
      'Invalid config "strategies[1]": was "momentum", must be one of trend_momentum, mean_reversion',
    ]);
  });

  it("refuses market csv without a csvPath, and an unknown timeframe, naming the key", async () => {
    await expect(createBot({ market: "csv" })).rejects.toThrow(
      'Invalid config "csvPath": was undefined, must name a CSV file when market is "csv"',
    );
    await expect(createBot({ market: "ccxt", timeframe: "2m" })).rejects.toThrow(
      'Invalid config "timeframe": was "2m", must be one of 1s, 1m, 5m, 15m, 1h, 4h, 1d',
    );
  });

  it("builds a bot from a valid config, frozen", async () => {
    const bot = await createBot({ seed: 3, risk: { maxOpenPositions: 2 } });
    expect(bot.config.risk.maxOpenPositions).toBe(2);
    expect(bot.risk.config.maxOpenPositions).toBe(2);
    expect(Object.isFrozen(bot.config)).toBe(true);
    bot.dispose();
  });
});
