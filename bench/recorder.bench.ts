/**
 * @module Measures the recorder's overhead per call against calling the metrics core
 * directly for the same record: with a pre-bound core handle (the fastest hand-written
 * code) and with a labels object (the usual prom-client style); and the disabled recorder.
 */
import { Counter, Histogram, Registry } from "../src/metrics/index.js";
import { createRecorder } from "../src/recorder/create-recorder.js";
import { benchInterleaved, type ComparisonRow, printTable } from "./harness.js";

const RECORDER = "recorder";
const BOUND = "core bound";
const OBJECT = "core labels";
const DISABLED = "disabled";
const libraries = [RECORDER, BOUND, OBJECT, DISABLED] as const;

const quick = process.env.BENCH_QUICK === "1";
const benchOptions = quick ? { warmupMs: 30, minRunMs: 20, runs: 3 } : {};

// Realistic cardinality: 2 sides x 50 symbols, 9 rejection messages, 5 endpoints.
const sides = ["buy", "sell"] as const;
const symbols = Array.from({ length: 50 }, (_, index) => `SYM${index}/USDT`);
const endpoints = [
  "fetch_ticker",
  "fetch_order_book",
  "fetch_balance",
  "create_order",
  "cancel_order",
];
const messages = [
  "max exposure cap reached (25% of NAV)",
  "Insufficient balance: order exceeds available limit",
  "Notional $4.20 below min notional $10",
  "Cooldown active for BTC-USD",
  "Symbol halted by volatility circuit breaker",
  "Volatility regime: crash mode",
  "daily stop loss hit",
  "Exceeds max trades per day",
  "Post only order would cross the book",
];
const reasons = [
  "exposure_cap",
  "insufficient_funds",
  "size_constraint",
  "cooldown_active",
  "circuit_breaker",
  "regime_block",
  "kill_switch_or_stop",
  "limit_exceeded",
  "other",
];
const ring = 1024;
const sideAt = Array.from({ length: ring }, (_, index) => sides[index & 1]!);
const symbolAt = Array.from({ length: ring }, (_, index) => symbols[(index >> 1) % 50]!);
const messageAt = Array.from({ length: ring }, (_, index) => messages[index % 9]!);
const reasonAt = Array.from({ length: ring }, (_, index) => reasons[index % 9]!);
const endpointAt = Array.from({ length: ring }, (_, index) => endpoints[index % 5]!);
const secondsAt = Array.from({ length: ring }, (_, index) => 0.0002 * 1.009 ** index);

const constLabels = { bot: "bench", environment: "test", plane: "all" } as const;
const recorder = createRecorder({ registry: new Registry(), constLabels, symbols });
const disabled = createRecorder({ enabled: false });

// The same metrics made directly in the core, with the same names, labels and buckets.
const core = new Registry();
const constNames = ["bot", "environment", "plane"];
const filled = new Counter({
  name: "direct_orders_filled_total",
  help: "Orders filled.",
  labelNames: [...constNames, "side", "symbol"],
  registers: [core],
});
const rejected = new Counter({
  name: "direct_orders_rejected_total",
  help: "Orders rejected.",
  labelNames: [...constNames, "reason"],
  registers: [core],
});
const downscales = new Counter({
  name: "direct_order_pov_downscales_total",
  help: "Downscales.",
  labelNames: constNames,
  registers: [core],
});
const apiRequests = new Counter({
  name: "direct_exchange_api_requests_total",
  help: "Requests.",
  labelNames: [...constNames, "endpoint"],
  registers: [core],
});
const apiLatency = new Histogram({
  name: "direct_exchange_api_request_duration_seconds",
  help: "Latency.",
  labelNames: [...constNames, "endpoint"],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [core],
});
const c = constLabels;
const filledBound = sides.map((side) =>
  symbols.map((symbol) => filled.labels(c.bot, c.environment, c.plane, side, symbol)),
);
const filledBoundAt = Array.from(
  { length: ring },
  (_, index) => filledBound[index & 1]![(index >> 1) % 50]!,
);
const rejectedBoundAt = Array.from({ length: ring }, (_, index) =>
  rejected.labels(c.bot, c.environment, c.plane, reasonAt[index]!),
);
const downscalesBound = downscales.labels(c.bot, c.environment, c.plane);
const requestsBoundAt = endpointAt.map((endpoint) =>
  apiRequests.labels(c.bot, c.environment, c.plane, endpoint),
);
const latencyBoundAt = endpointAt.map((endpoint) =>
  apiLatency.labels(c.bot, c.environment, c.plane, endpoint),
);

const symbolRecorders = new Map(symbols.map((symbol) => [symbol, recorder.bindSymbol(symbol)]));
const symbolRecorderAt = symbolAt.map((symbol) => symbolRecorders.get(symbol)!);
const disabledSymbolAt = symbolAt.map((symbol) => disabled.bindSymbol(symbol));

interface Case {
  readonly name: string;
  readonly bodies: Record<(typeof libraries)[number], (n: number) => void>;
}

const cases: Case[] = [
  {
    name: "unlabelled counter (recordPovDownscale)",
    bodies: {
      [RECORDER]: (n) => {
        for (let i = 0; i < n; i++) recorder.recordPovDownscale();
      },
      [BOUND]: (n) => {
        for (let i = 0; i < n; i++) downscalesBound.inc();
      },
      [OBJECT]: (n) => {
        for (let i = 0; i < n; i++) downscales.inc(constLabels);
      },
      [DISABLED]: (n) => {
        for (let i = 0; i < n; i++) disabled.recordPovDownscale();
      },
    },
  },
  {
    name: "side x 50 symbols (recordOrderFilled)",
    bodies: {
      [RECORDER]: (n) => {
        for (let i = 0; i < n; i++)
          recorder.recordOrderFilled(symbolAt[i & 1023]!, sideAt[i & 1023]!);
      },
      [BOUND]: (n) => {
        for (let i = 0; i < n; i++) filledBoundAt[i & 1023]!.inc();
      },
      [OBJECT]: (n) => {
        for (let i = 0; i < n; i++) {
          filled.inc({ ...constLabels, side: sideAt[i & 1023]!, symbol: symbolAt[i & 1023]! });
        }
      },
      [DISABLED]: (n) => {
        for (let i = 0; i < n; i++)
          disabled.recordOrderFilled(symbolAt[i & 1023]!, sideAt[i & 1023]!);
      },
    },
  },
  {
    name: "side x 50 symbols, bound (bindSymbol(s).orderFilled)",
    bodies: {
      [RECORDER]: (n) => {
        for (let i = 0; i < n; i++) symbolRecorderAt[i & 1023]!.orderFilled(sideAt[i & 1023]!);
      },
      [BOUND]: (n) => {
        for (let i = 0; i < n; i++) filledBoundAt[i & 1023]!.inc();
      },
      [OBJECT]: (n) => {
        for (let i = 0; i < n; i++) {
          filled.inc({ ...constLabels, side: sideAt[i & 1023]!, symbol: symbolAt[i & 1023]! });
        }
      },
      [DISABLED]: (n) => {
        for (let i = 0; i < n; i++) disabledSymbolAt[i & 1023]!.orderFilled(sideAt[i & 1023]!);
      },
    },
  },
  {
    name: "normalised reason, 9 messages (recordOrderRejection)",
    bodies: {
      [RECORDER]: (n) => {
        for (let i = 0; i < n; i++) recorder.recordOrderRejection(messageAt[i & 1023]!);
      },
      [BOUND]: (n) => {
        for (let i = 0; i < n; i++) rejectedBoundAt[i & 1023]!.inc();
      },
      [OBJECT]: (n) => {
        for (let i = 0; i < n; i++) rejected.inc({ ...constLabels, reason: reasonAt[i & 1023]! });
      },
      [DISABLED]: (n) => {
        for (let i = 0; i < n; i++) disabled.recordOrderRejection(messageAt[i & 1023]!);
      },
    },
  },
  {
    name: "counter + histogram by endpoint (recordApiRequest)",
    bodies: {
      [RECORDER]: (n) => {
        for (let i = 0; i < n; i++)
          recorder.recordApiRequest(endpointAt[i & 1023]!, secondsAt[i & 1023]!);
      },
      [BOUND]: (n) => {
        for (let i = 0; i < n; i++) {
          requestsBoundAt[i & 1023]!.inc();
          latencyBoundAt[i & 1023]!.observe(secondsAt[i & 1023]!);
        }
      },
      [OBJECT]: (n) => {
        for (let i = 0; i < n; i++) {
          const labels = { ...constLabels, endpoint: endpointAt[i & 1023]! };
          apiRequests.inc(labels);
          apiLatency.observe(labels, secondsAt[i & 1023]!);
        }
      },
      [DISABLED]: (n) => {
        for (let i = 0; i < n; i++)
          disabled.recordApiRequest(endpointAt[i & 1023]!, secondsAt[i & 1023]!);
      },
    },
  },
  {
    name: "generic inc by key with labels object",
    bodies: {
      [RECORDER]: (n) => {
        for (let i = 0; i < n; i++) {
          recorder.inc("orders_filled", { side: sideAt[i & 1023]!, symbol: symbolAt[i & 1023]! });
        }
      },
      [BOUND]: (n) => {
        for (let i = 0; i < n; i++) filledBoundAt[i & 1023]!.inc();
      },
      [OBJECT]: (n) => {
        for (let i = 0; i < n; i++) {
          filled.inc({ ...constLabels, side: sideAt[i & 1023]!, symbol: symbolAt[i & 1023]! });
        }
      },
      [DISABLED]: (n) => {
        for (let i = 0; i < n; i++) {
          disabled.inc("orders_filled", { side: sideAt[i & 1023]!, symbol: symbolAt[i & 1023]! });
        }
      },
    },
  },
];

const rows: ComparisonRow[] = cases.map((benchCase) => {
  const results = benchInterleaved(benchCase.bodies, benchOptions);
  const values = Object.fromEntries(
    libraries.map((library) => [library, results[library].nsPerOp]),
  );
  return { name: benchCase.name, values };
});

printTable({
  title:
    "Recorder overhead per call: recorder vs the metrics core directly (median ns/op, CPU time)",
  libraries,
  unit: "ns/op",
  rows,
});

// The recorded values must be real, or the loops measured nothing.
const text = await recorder.registry.metrics();
if (!/tradewatch_order_pov_downscales_total\{[^}]*\} [1-9]/.test(text)) {
  throw new Error("The recorder recorded nothing: the benchmark is void");
}
