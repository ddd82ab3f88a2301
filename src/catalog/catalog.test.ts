import { describe, expect, it } from "vitest";
import { seedMetricNames } from "../../test/catalog/seed-metric-names.js";
import { catalog, catalogDomains } from "./catalog.js";
import { exampleQuery } from "./example-query.js";
import { constLabelDefinitions } from "./labels.js";
import { findMetricByKey, findMetricByName, getMetricByKey } from "./lookup.js";
import { DEFAULT_NAMESPACE, fullMetricName } from "./namespace.js";
import type { MetricDefinition } from "./types.js";
import { unmappedSeedNames } from "./unmapped-seed-names.js";

const metrics: readonly MetricDefinition[] = catalog;
const METRIC_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const LABEL_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const BASE_UNITS = ["seconds", "bytes", "ratio", "usd"];
/** Names that end in a unit word without measuring in it; each says why. */
const UNIT_WORD_EXCEPTIONS = new Map([
  ["performance_sharpe_ratio", "the Sharpe ratio is the statistic's name, not a 0-1 unit"],
]);

describe("catalog invariants", () => {
  it("has valid, snake_case names with and without the default namespace", () => {
    for (const metric of metrics) {
      expect(metric.name, metric.name).toMatch(METRIC_NAME);
      expect(fullMetricName(metric), metric.name).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
    }
  });

  it("ends a name with _total if and only if it is a counter", () => {
    for (const metric of metrics) {
      expect(metric.name.endsWith("_total"), metric.name).toBe(metric.type === "counter");
    }
  });

  it("declares only summaries-free types: latencies are histograms so they aggregate", () => {
    expect(metrics.filter((metric) => metric.type === "summary").map((m) => m.name)).toEqual([]);
    for (const metric of metrics.filter((m) => m.name.includes("duration"))) {
      expect(metric.type, metric.name).toBe("histogram");
    }
  });

  it("ends each name with its base unit, and declares the unit a name ends with", () => {
    for (const metric of metrics) {
      const stem = metric.name.replace(/_total$/, "");
      if (metric.unit !== undefined) {
        expect(BASE_UNITS, metric.name).toContain(metric.unit);
        expect(stem.endsWith(`_${metric.unit}`), metric.name).toBe(true);
      } else if (!UNIT_WORD_EXCEPTIONS.has(metric.name)) {
        for (const unit of BASE_UNITS) expect(stem.endsWith(`_${unit}`), metric.name).toBe(false);
      }
      expect(metric.name, metric.name).not.toMatch(
        /(^|_)(pct|percent|percentage|ms|milliseconds|bps|latency)(_|$)|_(rate|score|status)$/,
      );
    }
  });

  it("has no duplicate names, keys or colliding series names", () => {
    const names = metrics.map((metric) => metric.name);
    expect(new Set(names).size).toBe(names.length);
    const keys = metrics.map((metric) => metric.key);
    expect(new Set(keys).size).toBe(keys.length);
    const series = metrics.flatMap((metric) =>
      metric.type === "histogram"
        ? [`${metric.name}_bucket`, `${metric.name}_sum`, `${metric.name}_count`]
        : [metric.name],
    );
    expect(new Set(series).size).toBe(series.length);
  });

  it("bounds every label with a non-empty closed set or a named universe", () => {
    const constNames = new Set(constLabelDefinitions.map((label) => label.name));
    for (const metric of metrics) {
      const labelNames = metric.labels.map((label) => label.name);
      expect(new Set(labelNames).size, metric.name).toBe(labelNames.length);
      for (const label of metric.labels) {
        const where = `${metric.name}{${label.name}}`;
        expect(label.name, where).toMatch(LABEL_NAME);
        expect(["le", "quantile"], where).not.toContain(label.name);
        expect(constNames.has(label.name), where).toBe(false);
        expect(label.help.length, where).toBeGreaterThan(0);
        const { bound } = label;
        if (bound.kind === "universe") {
          expect(bound.universe, where).toMatch(LABEL_NAME);
          expect(bound.examples.length, where).toBeGreaterThan(0);
        } else {
          expect(bound.values.length, where).toBeGreaterThan(0);
          expect(bound.values.length, where).toBeLessThanOrEqual(20);
          expect(new Set(bound.values).size, where).toBe(bound.values.length);
          for (const value of bound.values) expect(value, where).toMatch(/^[A-Za-z0-9_]+$/);
        }
      }
    }
  });

  it("gives histograms ascending finite buckets and nothing else buckets", () => {
    for (const metric of metrics) {
      if (metric.type !== "histogram") {
        expect(metric.buckets, metric.name).toBeUndefined();
        continue;
      }
      const buckets = metric.buckets ?? [];
      expect(buckets.length, metric.name).toBeGreaterThan(2);
      for (let index = 1; index < buckets.length; index += 1) {
        expect(buckets[index]!, metric.name).toBeGreaterThan(buckets[index - 1]!);
      }
      for (const bound of buckets) expect(Number.isFinite(bound), metric.name).toBe(true);
    }
  });

  it("files every metric under a known domain and every domain has metrics", () => {
    for (const metric of metrics) expect(catalogDomains, metric.name).toContain(metric.domain);
    for (const domain of catalogDomains) {
      expect(
        metrics.some((metric) => metric.domain === domain),
        domain,
      ).toBe(true);
    }
  });

  it("writes help text as a sentence and examples that name the metric", () => {
    for (const metric of metrics) {
      expect(metric.help, metric.name).toMatch(/^[A-Z].*\.$/);
      if (metric.example !== undefined) expect(metric.example, metric.name).toContain("{name}");
      const query = exampleQuery(metric, "trader");
      expect(query, metric.name).toContain(`trader_${metric.name}`);
      expect(query, metric.name).not.toMatch(/[{]name/);
    }
  });
});

describe("seed names", () => {
  const mapped = new Set(
    metrics.flatMap((metric) => metric.seedNames.map((seed) => `${seed.seed}:${seed.name}`)),
  );
  const unmapped = new Set(unmappedSeedNames.map((seed) => `${seed.seed}:${seed.name}`));

  it("maps every metric name the seeds write to a catalog metric or says why it has none", () => {
    const missing: string[] = [];
    for (const [seed, names] of Object.entries(seedMetricNames)) {
      for (const name of names) {
        const id = `${seed}:${name}`;
        if (!mapped.has(id) && !unmapped.has(id)) missing.push(id);
      }
    }
    expect(missing).toEqual([]);
  });

  it("names only seed metrics that the seeds really write, each once", () => {
    const known = new Set(
      Object.entries(seedMetricNames).flatMap(([seed, names]) => names.map((n) => `${seed}:${n}`)),
    );
    const all = [
      ...metrics.flatMap((metric) => metric.seedNames.map((seed) => `${seed.seed}:${seed.name}`)),
      ...unmappedSeedNames.map((seed) => `${seed.seed}:${seed.name}`),
    ];
    expect(all.filter((id) => !known.has(id))).toEqual([]);
    expect(new Set(all).size).toBe(all.length);
  });

  it("explains every renamed seed metric whose type or unit differs", () => {
    for (const metric of metrics) {
      for (const seed of metric.seedNames) {
        if (/_pct$|_bps$|_rate$|_score$|_status$/.test(seed.name)) {
          expect(seed.note, `${seed.seed}:${seed.name}`).toBeDefined();
        }
      }
    }
  });
});

describe("lookup and namespace", () => {
  it("finds metrics by key, bare name and full name", () => {
    const cycles = getMetricByKey("cycles");
    expect(cycles.name).toBe("cycles_total");
    expect(findMetricByKey("ticks_received")?.name).toBe("data_ticks_received_total");
    expect(findMetricByName("cycles_total")).toBe(cycles);
    expect(findMetricByName(`${DEFAULT_NAMESPACE}_cycles_total`)).toBe(cycles);
    expect(findMetricByName("trader_cycles_total", "trader")).toBe(cycles);
    expect(findMetricByName("nope_total")).toBeUndefined();
    expect(() => getMetricByKey("nope")).toThrow(/Unknown catalog metric key "nope"/);
  });

  it("prefixes names with the namespace, or none when it is empty", () => {
    expect(fullMetricName("cycles_total")).toBe("tradewatch_cycles_total");
    expect(fullMetricName("cycles_total", "trader_")).toBe("trader_cycles_total");
    expect(fullMetricName("cycles_total", "")).toBe("cycles_total");
    expect(() => fullMetricName("cycles_total", "2fast")).toThrow(
      /Invalid metric namespace "2fast"/,
    );
  });
});
