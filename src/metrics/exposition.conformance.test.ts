/** @module One conformance suite: every metric type through both exposition formats. */
import { describe, expect, it } from "vitest";
import { Counter } from "./counter.js";
import { Gauge } from "./gauge.js";
import { Histogram } from "./histogram.js";
import { Registry } from "./registry.js";
import { Summary } from "./summary.js";
import type { ExpositionFormat } from "./types.js";

interface ConformanceCase {
  readonly type: string;
  /** Defines the metric in `registry` and records into it. */
  readonly record: (registry: Registry) => void;
  readonly expected: Record<ExpositionFormat, string>;
}

const hostile = 'quote " backslash \\ newline \n unicode ✓ 東京';
const hostileEscaped = 'quote \\" backslash \\\\ newline \\n unicode ✓ 東京';

const cases: readonly ConformanceCase[] = [
  {
    type: "counter",
    record: (registry) => {
      const fills = new Counter({
        name: "fills_total",
        help: "Fills by side.",
        labelNames: ["side", "symbol"],
        registers: [registry],
      });
      fills.inc({ side: "buy", symbol: "BTC/USDT" });
      fills.inc({ side: "sell", symbol: hostile }, 0.1);
      fills.labels("buy", "").inc(2);
    },
    expected: {
      prometheus: [
        "# HELP fills_total Fills by side.",
        "# TYPE fills_total counter",
        'fills_total{side="buy",symbol="BTC/USDT"} 1',
        'fills_total{side="buy",symbol=""} 2',
        `fills_total{side="sell",symbol="${hostileEscaped}"} 0.1`,
        "",
      ].join("\n"),
      openmetrics: [
        "# HELP fills Fills by side.",
        "# TYPE fills counter",
        'fills_total{side="buy",symbol="BTC/USDT"} 1',
        'fills_total{side="buy",symbol=""} 2',
        `fills_total{side="sell",symbol="${hostileEscaped}"} 0.1`,
        "# EOF",
        "",
      ].join("\n"),
    },
  },
  {
    type: "gauge",
    record: (registry) => {
      const exposure = new Gauge({
        name: "exposure_ratio",
        help: 'Exposure "at risk" \\ NAV\nas a ratio.',
        unit: "ratio",
        labelNames: ["type"],
        registers: [registry],
      });
      exposure.set({ type: "at_risk" }, 0.185);
      exposure.set({ type: "pending" }, Number.NaN);
      exposure.labels("infinite").set(Number.NEGATIVE_INFINITY);
      const value = new Gauge({ name: "account_value_usd", help: "NAV.", registers: [registry] });
      value.set(Number.POSITIVE_INFINITY);
    },
    expected: {
      prometheus: [
        '# HELP exposure_ratio Exposure "at risk" \\\\ NAV\\nas a ratio.',
        "# TYPE exposure_ratio gauge",
        'exposure_ratio{type="at_risk"} 0.185',
        'exposure_ratio{type="pending"} NaN',
        'exposure_ratio{type="infinite"} -Inf',
        "# HELP account_value_usd NAV.",
        "# TYPE account_value_usd gauge",
        "account_value_usd +Inf",
        "",
      ].join("\n"),
      openmetrics: [
        '# HELP exposure_ratio Exposure \\"at risk\\" \\\\ NAV\\nas a ratio.',
        "# TYPE exposure_ratio gauge",
        "# UNIT exposure_ratio ratio",
        'exposure_ratio{type="at_risk"} 0.185',
        'exposure_ratio{type="pending"} NaN',
        'exposure_ratio{type="infinite"} -Inf',
        "# HELP account_value_usd NAV.",
        "# TYPE account_value_usd gauge",
        "account_value_usd +Inf",
        "# EOF",
        "",
      ].join("\n"),
    },
  },
  {
    type: "histogram",
    record: (registry) => {
      const stage = new Histogram({
        name: "stage_duration_seconds",
        help: "Stage time.",
        unit: "seconds",
        labelNames: ["stage"],
        buckets: [0.1, 1, 2.5],
        registers: [registry],
      });
      stage.observe({ stage: "risk" }, 0.1);
      stage.observe({ stage: "risk" }, 0.2);
      stage.labels("risk").observe(7);
    },
    expected: {
      prometheus: [
        "# HELP stage_duration_seconds Stage time.",
        "# TYPE stage_duration_seconds histogram",
        'stage_duration_seconds_bucket{stage="risk",le="0.1"} 1',
        'stage_duration_seconds_bucket{stage="risk",le="1"} 2',
        'stage_duration_seconds_bucket{stage="risk",le="2.5"} 2',
        'stage_duration_seconds_bucket{stage="risk",le="+Inf"} 3',
        'stage_duration_seconds_sum{stage="risk"} 7.3',
        'stage_duration_seconds_count{stage="risk"} 3',
        "",
      ].join("\n"),
      openmetrics: [
        "# HELP stage_duration_seconds Stage time.",
        "# TYPE stage_duration_seconds histogram",
        "# UNIT stage_duration_seconds seconds",
        'stage_duration_seconds_bucket{stage="risk",le="0.1"} 1',
        'stage_duration_seconds_bucket{stage="risk",le="1.0"} 2',
        'stage_duration_seconds_bucket{stage="risk",le="2.5"} 2',
        'stage_duration_seconds_bucket{stage="risk",le="+Inf"} 3',
        'stage_duration_seconds_sum{stage="risk"} 7.3',
        'stage_duration_seconds_count{stage="risk"} 3',
        "# EOF",
        "",
      ].join("\n"),
    },
  },
  {
    type: "summary",
    record: (registry) => {
      const latency = new Summary({
        name: "ai_latency_seconds",
        help: "AI latency.",
        percentiles: [0.5, 1],
        registers: [registry],
      });
      for (const value of [1, 2, 3, 4, 5]) latency.observe(value);
    },
    expected: {
      prometheus: [
        "# HELP ai_latency_seconds AI latency.",
        "# TYPE ai_latency_seconds summary",
        'ai_latency_seconds{quantile="0.5"} 3',
        'ai_latency_seconds{quantile="1"} 5',
        "ai_latency_seconds_sum 15",
        "ai_latency_seconds_count 5",
        "",
      ].join("\n"),
      openmetrics: [
        "# HELP ai_latency_seconds AI latency.",
        "# TYPE ai_latency_seconds summary",
        'ai_latency_seconds{quantile="0.5"} 3',
        'ai_latency_seconds{quantile="1.0"} 5',
        "ai_latency_seconds_sum 15",
        "ai_latency_seconds_count 5",
        "# EOF",
        "",
      ].join("\n"),
    },
  },
];

describe.each(cases)("$type exposition", ({ record, expected }) => {
  it.each(["prometheus", "openmetrics"] as const)(
    "renders exactly in %s format",
    async (format) => {
      const registry = new Registry();
      record(registry);
      expect(await registry.render(format)).toBe(expected[format]);
    },
  );

  it("renders the registry's content type from metrics()", async () => {
    const registry = new Registry(Registry.OPENMETRICS_CONTENT_TYPE);
    record(registry);
    expect(await registry.metrics()).toBe(expected.openmetrics);
    registry.setContentType(Registry.PROMETHEUS_CONTENT_TYPE);
    expect(await registry.metrics()).toBe(expected.prometheus);
  });

  it.each(["prometheus", "openmetrics"] as const)(
    "adds default labels to every sample in %s format",
    async (format) => {
      const registry = new Registry();
      record(registry);
      registry.setDefaultLabels({ bot: 'alpha "1"' });
      const samples = (await registry.render(format))
        .split("\n")
        .filter((line) => line !== "" && !line.startsWith("#"));
      expect(samples.length).toBeGreaterThan(0);
      for (const sample of samples) expect(sample).toContain('bot="alpha \\"1\\""');
    },
  );

  it("serves the same samples through prom-client's JSON shape and back", async () => {
    // A registry that only knows the JSON shape renders identically to the metric itself.
    const source = new Registry();
    record(source);
    const json = await source.getMetricsAsJSON();
    const relay = new Registry();
    relay.registerPromClientRegistry({ getMetricsAsJSON: () => json });
    for (const format of ["prometheus", "openmetrics"] as const) {
      const withoutUnits = expected[format]
        .split("\n")
        .filter((line) => !line.startsWith("# UNIT"))
        .join("\n");
      const relayed = (await relay.render(format))
        .split("\n")
        .filter((line) => !line.startsWith("# UNIT"))
        .join("\n");
      expect(relayed).toBe(withoutUnits);
    }
  });
});
