/**
 * Feeds the exposition of a registry that exercises every metric type, option and hostile
 * label values to the real Prometheus parsers: `promtool check metrics` (text format 0.0.4,
 * parse + lint) and Prometheus's OpenMetrics parser (`promtool tsdb create-blocks-from
 * openmetrics`), then reads the stored series back (`promtool tsdb dump`).
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import * as promClient from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { collectDefaultMetrics } from "../../src/metrics/default-metrics.js";
import {
  Counter,
  DROPPED_LABEL_SETS_METRIC,
  exponentialBuckets,
  Gauge,
  Histogram,
  linearBuckets,
  OVERFLOW_LABEL_VALUE,
  Registry,
  Summary,
} from "../../src/metrics/index.js";
import { checkMetrics, runPromtool } from "../support/promtool.js";

/** Label values that break naive escaping. */
const hostileValues = [
  'quote " inside',
  "back\\slash",
  "new\nline",
  'all three \\ " \n together',
  "trailing backslash\\",
  '\\"',
  "\\n is not a newline",
  "unicode € 📈 日本語 ñ",
  "{braces}=,comma",
  "",
] as const;

/** HELP text with the characters HELP escaping must handle. */
const hostileHelp = 'Orders seen per venue; "quoted", back\\slash and a\nsecond line.';

interface Fixture {
  readonly registry: Registry;
  readonly stop: () => void;
}

const fixtures: Fixture[] = [];
afterEach(() => {
  for (const fixture of fixtures.splice(0)) fixture.stop();
});

/** Builds a registry with every type, option and hostile input. */
function buildRegistry(): Registry {
  const main = new Registry();
  const registers = [main];

  const orders = new Counter({
    name: "orders_total",
    help: hostileHelp,
    labelNames: ["venue", "side"],
    registers,
  });
  for (const venue of hostileValues) orders.inc({ venue, side: "buy" }, 2);
  orders.labels("binance", "sell").inc(0.1);
  orders.labels({ venue: "kraken", side: "sell" }).inc();
  orders.zero({ venue: "idle", side: "buy" });

  const received = new Counter({
    name: "exchange_received_bytes_total",
    help: "Bytes received from the exchange.",
    unit: "bytes",
    registers,
  });
  received.inc(1_048_576);

  const exposure = new Gauge({
    name: "exposure_ratio",
    help: "Exposure as a fraction of equity.",
    labelNames: ["case"],
    unit: "ratio",
    registers,
  });
  exposure.set({ case: "fraction" }, 0.1);
  exposure.set({ case: "negative" }, -1.5);
  exposure.set({ case: "nan" }, Number.NaN);
  exposure.set({ case: "plus_inf" }, Number.POSITIVE_INFINITY);
  exposure.set({ case: "minus_inf" }, Number.NEGATIVE_INFINITY);
  exposure.set({ case: "huge" }, 1e21);
  exposure.set({ case: "tiny" }, 1e-7);
  exposure.inc({ case: "inc_dec" }, 5);
  exposure.dec({ case: "inc_dec" }, 2);
  exposure.labels("bound").set(0.3);

  const heartbeat = new Gauge({
    name: "last_heartbeat_timestamp_seconds",
    help: "When the last heartbeat arrived.",
    unit: "seconds",
    registers,
  });
  heartbeat.setToCurrentTime();

  const lastSync = new Gauge({
    name: "last_sync_duration_seconds",
    help: "How long the last sync took, set by a gauge timer.",
    labelNames: ["venue"],
    unit: "seconds",
    registers,
  });
  lastSync.startTimer({ venue: "binance" })();

  const removedAndReset = new Gauge({
    name: "positions_open",
    help: "Open positions; one series removed, then the metric reset and set again.",
    labelNames: ["symbol"],
    registers,
  });
  removedAndReset.set({ symbol: "BTCUSDT" }, 1);
  removedAndReset.set({ symbol: "ETHUSDT" }, 2);
  removedAndReset.remove({ symbol: "ETHUSDT" });
  removedAndReset.set({ symbol: "SOLUSDT" }, 3);
  removedAndReset.reset();
  removedAndReset.set({ symbol: "XRPUSDT" }, 4);
  orders.inc({ venue: "removed", side: "sell" });
  orders.remove("removed", "sell");

  const queueDepth = new Gauge({
    name: "queue_depth",
    help: "Messages waiting, read by a collect callback.",
    labelNames: ["queue"],
    registers,
    collect() {
      queueDepth.set({ queue: "orders" }, 3);
      queueDepth.set({ queue: "fills" }, 0);
    },
  });

  const stage = new Histogram({
    name: "stage_duration_seconds",
    help: "Time per pipeline stage.",
    labelNames: ["stage"],
    buckets: exponentialBuckets(0.001, 2, 10),
    unit: "seconds",
    registers,
  });
  for (const value of [0, 0.0005, 0.001, 0.004, 0.1, 0.3, 2, 100]) {
    stage.observe({ stage: "risk" }, value);
  }
  stage.labels("submit").observe(0.02);
  stage.zero({ stage: "idle" });
  stage.startTimer({ stage: "timed" })();

  const slippage = new Histogram({
    name: "slippage_basis_points",
    help: "Fill slippage in basis points.",
    labelNames: ["side"],
    buckets: linearBuckets(-10, 5, 5),
    registers,
  });
  for (const value of [-20, -10, -2.5, 0, 0.1, 7, 50])
    slippage.observe({ side: hostileValues[3] }, value);

  const roundTrip = new Summary({
    name: "api_round_trip_seconds",
    help: "API round-trip time.",
    labelNames: ["endpoint"],
    percentiles: [0.01, 0.1, 0.5, 0.9, 0.99, 0.999],
    maxAgeSeconds: 600,
    ageBuckets: 5,
    unit: "seconds",
    registers,
  });
  for (let index = 1; index <= 100; index++) {
    roundTrip.observe({ endpoint: "/api/v3/order" }, index / 1000);
  }
  roundTrip.labels(hostileValues[0]).observe(0.25);
  roundTrip.startTimer({ endpoint: "/api/v3/timer" })();

  const cumulative = new Summary({
    name: "order_notional_dollars",
    help: "Notional per order.",
    registers,
  });
  cumulative.observe(100);
  cumulative.observe(250.5);

  // Cardinality guard: past maxSeries, new label sets fold into one overflow series.
  const guarded = new Counter({
    name: "guarded_events_total",
    help: "Events with a label a caller does not keep bounded.",
    labelNames: ["client_order_id"],
    maxSeries: 3,
    registers,
  });
  for (let index = 0; index < 10; index++) guarded.inc({ client_order_id: `order-${index}` });

  // prom-client interop: an existing prom-client registry served through ours.
  const legacy = new promClient.Registry();
  const legacyCounter = new promClient.Counter({
    name: "legacy_requests_total",
    help: "Requests counted by existing prom-client instrumentation.",
    labelNames: ["route"],
    registers: [legacy],
  });
  legacyCounter.inc({ route: "/orders" }, 4);
  main.registerPromClientRegistry(legacy);

  // Registry.merge: a second registry's metrics served together with the first's.
  const other = new Registry();
  new Counter({
    name: "merged_restarts_total",
    help: "Restarts, from a second registry merged in.",
    registers: [other],
  }).inc(2);
  const registry = Registry.merge([main, other]);
  registry.setDefaultLabels({ deployment: 'paper "one"' });
  return registry;
}

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: string;
}

interface ParsedExposition {
  readonly samples: readonly Sample[];
  /** `# HELP`/`# TYPE`/`# UNIT` lines by family name. */
  readonly help: ReadonlyMap<string, string>;
  readonly types: ReadonlyMap<string, string>;
  readonly units: ReadonlyMap<string, string>;
}

/** Undoes exposition escaping: `\\`, `\n` and (where allowed) `\"`. */
function unescapeExposition(text: string, allowQuote: boolean): string {
  return text.replace(/\\(.)/g, (match, character: string) => {
    if (character === "\\") return "\\";
    if (character === "n") return "\n";
    if (character === '"' && allowQuote) return '"';
    throw new Error(`Unexpected escape ${match} in ${JSON.stringify(text)}`);
  });
}

/** A strict little parser for both text formats, enough to read our own output back. */
function parseExposition(text: string, format: "prometheus" | "openmetrics"): ParsedExposition {
  const samples: Sample[] = [];
  const help = new Map<string, string>();
  const types = new Map<string, string>();
  const units = new Map<string, string>();
  const lines = text.split("\n");
  expect(lines.pop(), "the exposition ends with a newline").toBe("");
  for (const line of lines) {
    if (line.startsWith("#")) {
      const match = /^# (HELP|TYPE|UNIT|EOF)(?: (\S+) ?(.*))?$/.exec(line);
      if (match === null) throw new Error(`Unexpected comment line ${JSON.stringify(line)}`);
      const [, keyword, family = "", rest = ""] = match;
      if (keyword === "HELP") help.set(family, unescapeExposition(rest, format === "openmetrics"));
      if (keyword === "TYPE") types.set(family, rest);
      if (keyword === "UNIT") units.set(family, rest);
      continue;
    }
    const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
    if (nameMatch === null) throw new Error(`Unexpected sample line ${JSON.stringify(line)}`);
    const name = nameMatch[0];
    let position = name.length;
    const labels: Record<string, string> = {};
    if (line[position] === "{") {
      position++;
      const pair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,?)/y;
      while (line[position] !== "}") {
        pair.lastIndex = position;
        const match = pair.exec(line);
        if (match === null)
          throw new Error(`Bad label pair at ${position} in ${JSON.stringify(line)}`);
        const [whole, labelName = "", rawValue = ""] = match;
        expect(labels, `duplicate label ${labelName}`).not.toHaveProperty(labelName);
        labels[labelName] = unescapeExposition(rawValue, true);
        position += whole.length;
      }
      position++;
    }
    const rest = line.slice(position);
    const valueMatch = /^ (\S+)$/.exec(rest);
    if (valueMatch === null) throw new Error(`Bad value in ${JSON.stringify(line)}`);
    samples.push({ name, labels, value: valueMatch[1]! });
  }
  return { samples, help, types, units };
}

/**
 * Runs OpenMetrics text through Prometheus's own OpenMetrics parser: promtool's backfill
 * (which needs a timestamp on every sample, so one is appended), then dumps the stored series.
 */
async function throughPrometheusOpenMetricsParser(text: string) {
  const directory = await mkdtemp(join(tmpdir(), "tradewatch-openmetrics-"));
  try {
    const timestamped = text
      .split("\n")
      .map((line) => (line === "" || line.startsWith("#") ? line : `${line} 1700000000`))
      .join("\n");
    const input = join(directory, "input.om");
    await writeFile(input, timestamped);
    const blocks = join(directory, "blocks");
    const created = await runPromtool(["tsdb", "create-blocks-from", "openmetrics", input, blocks]);
    if (created.exitCode !== 0) return { created, series: [] as Sample[] };
    // `tsdb dump` opens the directory as a TSDB, which needs a (here empty) WAL.
    await mkdir(join(blocks, "wal"), { recursive: true });
    const dumped = await runPromtool(["tsdb", "dump", blocks]);
    expect(dumped.exitCode, dumped.stderr).toBe(0);
    const series = dumped.stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line): Sample => {
        const close = line.lastIndexOf("} ");
        const labels: Record<string, string> = {};
        for (const match of line
          .slice(1, close)
          .matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
          labels[match[1]!] = goUnquote(match[2]!);
        }
        const { __name__: name = "", ...rest } = labels;
        const [value = ""] = line.slice(close + 2).split(" ");
        return { name, labels: rest, value };
      });
    return { created, series };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** Undoes Go's strconv.Quote escaping, which `promtool tsdb dump` uses for label values. */
function goUnquote(quoted: string): string {
  const simple: Record<string, string> = {
    a: "\x07",
    b: "\b",
    f: "\f",
    n: "\n",
    r: "\r",
    t: "\t",
    v: "\v",
    "\\": "\\",
    '"': '"',
  };
  return quoted.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g,
    (match, sequence: string) => {
      if (/^[xuU]/.test(sequence)) {
        return String.fromCodePoint(Number.parseInt(sequence.slice(1), 16));
      }
      const character = simple[sequence];
      if (character === undefined) throw new Error(`Unexpected Go escape ${match}`);
      return character;
    },
  );
}

const venuesOf = (samples: readonly Sample[], name: string) =>
  samples
    .filter((sample) => sample.name === name && sample.labels.side === "buy")
    .map((sample) => sample.labels.venue ?? "")
    .sort();

describe("promtool check metrics on the text format (0.0.4)", () => {
  it("parses every type, option and hostile label value with no error and no lint warning", async () => {
    const text = await buildRegistry().render("prometheus");
    const result = await checkMetrics(text);
    expect(result.problems).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  it("reads every hostile label value, HELP text and special float back exactly", async () => {
    const parsed = parseExposition(await buildRegistry().render("prometheus"), "prometheus");
    expect(venuesOf(parsed.samples, "orders_total")).toEqual([...hostileValues, "idle"].sort());
    for (const sample of parsed.samples) {
      expect(sample.labels.deployment, sample.name).toBe('paper "one"');
    }
    expect(parsed.help.get("orders_total")).toBe(hostileHelp);
    expect(parsed.types.get("orders_total")).toBe("counter");
    expect(parsed.types.get("api_round_trip_seconds")).toBe("summary");
    const exposure = new Map(
      parsed.samples
        .filter((sample) => sample.name === "exposure_ratio")
        .map((sample) => [sample.labels.case, sample.value]),
    );
    expect(Object.fromEntries(exposure)).toEqual({
      fraction: "0.1",
      negative: "-1.5",
      nan: "NaN",
      plus_inf: "+Inf",
      minus_inf: "-Inf",
      huge: "1e+21",
      tiny: "1e-7",
      inc_dec: "3",
      bound: "0.3",
    });
    const binanceSell = parsed.samples.find(
      (sample) => sample.name === "orders_total" && sample.labels.venue === "binance",
    );
    expect(binanceSell?.value).toBe("0.1");
    expect(
      parsed.samples.find(
        (sample) => sample.name === "queue_depth" && sample.labels.queue === "orders",
      )?.value,
    ).toBe("3");
    expect(parsed.samples.find((sample) => sample.name === "legacy_requests_total")?.value).toBe(
      "4",
    );
    expect(parsed.samples.find((sample) => sample.name === "merged_restarts_total")?.value).toBe(
      "2",
    );
    expect(
      parsed.samples
        .filter((sample) => sample.name === "positions_open")
        .map((sample) => [sample.labels.symbol, sample.value]),
    ).toEqual([["XRPUSDT", "4"]]);
    expect(parsed.samples.some((sample) => sample.labels.venue === "removed")).toBe(false);
    const timed = parsed.samples.find((sample) => sample.name === "last_sync_duration_seconds");
    expect(Number(timed?.value)).toBeGreaterThanOrEqual(0);
    expect(Number(timed?.value)).toBeLessThan(1);
  });

  it("folds label sets past maxSeries into one overflow series and counts them", async () => {
    const parsed = parseExposition(await buildRegistry().render("prometheus"), "prometheus");
    const guarded = parsed.samples.filter((sample) => sample.name === "guarded_events_total");
    const overflows = guarded.filter(
      (sample) => sample.labels.client_order_id === OVERFLOW_LABEL_VALUE,
    );
    expect(overflows).toHaveLength(1);
    const overflow = overflows[0];
    expect(guarded.length - overflows.length).toBeLessThanOrEqual(3);
    const dropped = parsed.samples.find(
      (sample) =>
        sample.name === DROPPED_LABEL_SETS_METRIC &&
        sample.labels.metric === "guarded_events_total",
    );
    expect(Number(dropped?.value)).toBe(Number(overflow?.value));
    expect(Number(dropped?.value)).toBeGreaterThan(0);
    expect(guarded.reduce((sum, sample) => sum + Number(sample.value), 0)).toBe(10);
  });

  it("renders histogram buckets cumulatively with +Inf equal to _count", async () => {
    const parsed = parseExposition(await buildRegistry().render("prometheus"), "prometheus");
    const risk = parsed.samples.filter(
      (sample) =>
        sample.name.startsWith("stage_duration_seconds") && sample.labels.stage === "risk",
    );
    const buckets = risk.filter((sample) => sample.name === "stage_duration_seconds_bucket");
    expect(buckets.map((sample) => sample.labels.le)).toEqual([
      "0.001",
      "0.002",
      "0.004",
      "0.008",
      "0.016",
      "0.032",
      "0.064",
      "0.128",
      "0.256",
      "0.512",
      "+Inf",
    ]);
    // 0, 0.0005, 0.001 | 0.004 | 0.1 | 0.3 | 2, 100 beyond the last bound.
    expect(buckets.map((sample) => Number(sample.value))).toEqual([
      3, 3, 4, 4, 4, 4, 4, 5, 5, 6, 8,
    ]);
    expect(risk.find((sample) => sample.name === "stage_duration_seconds_count")?.value).toBe("8");
    expect(
      Number(risk.find((sample) => sample.name === "stage_duration_seconds_sum")?.value),
    ).toBeCloseTo(102.4055, 10);
  });
});

describe("OpenMetrics 1.0 exposition", () => {
  it("ends with a single # EOF, declares units, and names counter families without _total", async () => {
    const text = await buildRegistry().render("openmetrics");
    expect(text.endsWith("\n# EOF\n")).toBe(true);
    expect(text.match(/^# EOF$/gm)).toHaveLength(1);
    const parsed = parseExposition(text, "openmetrics");
    expect(parsed.types.get("orders")).toBe("counter");
    expect(parsed.types.has("orders_total")).toBe(false);
    expect(parsed.units.get("exchange_received_bytes")).toBe("bytes");
    expect(parsed.units.get("stage_duration_seconds")).toBe("seconds");
    expect(parsed.units.get("api_round_trip_seconds")).toBe("seconds");
    expect(parsed.help.get("orders")).toBe(hostileHelp);
    expect(venuesOf(parsed.samples, "orders_total")).toEqual([...hostileValues, "idle"].sort());
    const les = parsed.samples
      .filter((sample) => sample.name === "slippage_basis_points_bucket")
      .map((sample) => sample.labels.le);
    expect(les).toEqual(["-10.0", "-5.0", "0.0", "5.0", "10.0", "+Inf"]);
    const quantiles = parsed.samples
      .filter(
        (sample) =>
          sample.name === "api_round_trip_seconds" && sample.labels.endpoint === "/api/v3/order",
      )
      .map((sample) => sample.labels.quantile);
    expect(quantiles).toEqual(["0.01", "0.1", "0.5", "0.9", "0.99", "0.999"]);
  });

  it("carries the same samples as the text format", async () => {
    const registry = buildRegistry();
    const text = parseExposition(await registry.render("prometheus"), "prometheus");
    const openMetrics = parseExposition(await registry.render("openmetrics"), "openmetrics");
    const key = (sample: Sample) => {
      const labels = { ...sample.labels };
      // Canonical OpenMetrics numbers (1.0) and the text format's shortest form (1) differ in
      // spelling only.
      if (labels.le !== undefined) labels.le = String(Number(labels.le));
      if (labels.quantile !== undefined) labels.quantile = String(Number(labels.quantile));
      return JSON.stringify([sample.name, Object.entries(labels).sort(), sample.value]);
    };
    const withoutVolatile = (samples: readonly Sample[]) =>
      samples
        .filter((sample) => !sample.name.startsWith("last_heartbeat"))
        .map(key)
        .sort();
    expect(withoutVolatile(openMetrics.samples)).toEqual(withoutVolatile(text.samples));
  });

  it("is accepted by Prometheus's OpenMetrics parser, and every hostile label value comes back exactly", async () => {
    const text = await buildRegistry().render("openmetrics");
    const { created, series } = await throughPrometheusOpenMetricsParser(text);
    expect(created.stderr).toBe("");
    expect(created.exitCode).toBe(0);
    // Prometheus drops a label whose value is empty: that series stores without `venue`.
    const venues = series
      .filter((sample) => sample.name === "orders_total" && sample.labels.side === "buy")
      .map((sample) => sample.labels.venue ?? "")
      .sort();
    expect(venues).toEqual([...hostileValues, "idle"].sort());
    const guarded = series.filter((sample) => sample.name === "guarded_events_total");
    expect(
      guarded.filter((sample) => sample.labels.client_order_id === OVERFLOW_LABEL_VALUE),
    ).toHaveLength(1);
    expect(guarded.reduce((sum, sample) => sum + Number(sample.value), 0)).toBe(10);
    expect(
      series.some(
        (sample) => sample.name === "stage_duration_seconds_bucket" && sample.labels.le === "+Inf",
      ),
    ).toBe(true);
    expect(series.find((sample) => sample.name === "legacy_requests_total")?.value).toBe("4");
  });
});

describe("random label values", () => {
  // Any code point, control characters included; a fixed seed keeps the run reproducible.
  const randomValues = fc
    .sample(fc.string({ unit: "binary", maxLength: 16 }), { numRuns: 300, seed: 20_26 })
    .filter((value) => value !== "" && !/\p{Cs}/u.test(value));
  const distinct = [...new Set(randomValues)];

  function randomRegistry(): Registry {
    const registry = new Registry();
    const gauge = new Gauge({
      name: "random_label_values",
      help: "One series per random label value; the value is its index.",
      labelNames: ["value"],
      registers: [registry],
    });
    for (const [index, value] of distinct.entries()) gauge.set({ value }, index);
    return registry;
  }

  it("passes promtool check metrics in the text format", async () => {
    const result = await checkMetrics(await randomRegistry().render("prometheus"));
    expect(result.problems).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  it("come back exactly from Prometheus's OpenMetrics parser", async () => {
    const { created, series } = await throughPrometheusOpenMetricsParser(
      await randomRegistry().render("openmetrics"),
    );
    expect(created.exitCode, created.stderr).toBe(0);
    const byIndex = series
      .filter((sample) => sample.name === "random_label_values")
      .sort((a, b) => Number(a.value) - Number(b.value))
      .map((sample) => sample.labels.value);
    expect(byIndex).toEqual(distinct);
  });
});

describe("collectDefaultMetrics output", () => {
  for (const options of [{}, { prefix: "bot_", labels: { bot: 'paper "1"\n' } }]) {
    it(`passes promtool check metrics with no warning (${JSON.stringify(options)})`, async () => {
      const registry = new Registry();
      const collection = collectDefaultMetrics({ register: registry, ...options });
      fixtures.push({ registry, stop: () => collection.stop() });
      // Let the event-loop monitor and the GC observer record something first.
      await new Promise((resolve) => setTimeout(resolve, 30));
      const text = await registry.render("prometheus");
      expect(text).toContain("process_cpu_seconds_total");
      const result = await checkMetrics(text);
      expect(result.problems).toEqual([]);
      expect(result.exitCode).toBe(0);
    });
  }

  it("is accepted by Prometheus's OpenMetrics parser", async () => {
    const registry = new Registry();
    const collection = collectDefaultMetrics({ register: registry });
    fixtures.push({ registry, stop: () => collection.stop() });
    const { created, series } = await throughPrometheusOpenMetricsParser(
      await registry.render("openmetrics"),
    );
    expect(created.stderr).toBe("");
    expect(created.exitCode).toBe(0);
    expect(series.find((sample) => sample.name === "nodejs_version_info")?.labels.version).toBe(
      process.version,
    );
  });
});
