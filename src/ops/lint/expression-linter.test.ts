import { describe, expect, it } from "vitest";
import type { MetricDefinition } from "../../catalog/types.js";
import { lintExpression, parseDurationSeconds } from "./expression-linter.js";
import { SeriesIndex } from "./series-index.js";

const definitions: MetricDefinition[] = [
  {
    key: "orders_placed",
    name: "orders_placed_total",
    help: "Orders placed.",
    type: "counter",
    labels: [
      { name: "side", help: "Side.", bound: { kind: "enum", values: ["buy", "sell"] } },
      {
        name: "symbol",
        help: "Symbol.",
        bound: { kind: "universe", universe: "symbols", examples: ["BTC-USD"] },
      },
    ],
    domain: "execution",
    seedNames: [],
  },
  {
    key: "heap_total",
    name: "heap_allocations_total",
    help: "A gauge misnamed like a counter.",
    type: "gauge",
    labels: [],
    domain: "system",
    seedNames: [],
  },
  {
    key: "exposure",
    name: "exposure_ratio",
    help: "Exposure.",
    type: "gauge",
    unit: "ratio",
    labels: [
      { name: "kind", help: "Kind.", bound: { kind: "enum", values: ["at_risk", "pending"] } },
    ],
    domain: "portfolio",
    seedNames: [],
  },
  {
    key: "cycle_duration",
    name: "cycle_duration_seconds",
    help: "Cycle duration.",
    type: "histogram",
    unit: "seconds",
    labels: [{ name: "status", help: "Status.", bound: { kind: "enum", values: ["ok", "error"] } }],
    buckets: [0.1, 1],
    domain: "cycle",
    seedNames: [],
  },
  {
    key: "api_latency",
    name: "api_latency_seconds",
    help: "Latency.",
    type: "summary",
    unit: "seconds",
    labels: [],
    percentiles: [0.5, 0.95],
    domain: "exchange",
    seedNames: [],
  },
];

const index = new SeriesIndex(definitions, { namespace: "tw_", targetLabels: ["bot"] });
const codes = (expression: string) =>
  lintExpression(expression, index).problems.map((problem) => problem.code);

describe("lintExpression", () => {
  it("accepts type-correct queries over catalog series", () => {
    for (const expression of [
      'sum by (side) (rate(tw_orders_placed_total{side="buy", symbol=~"BTC.*"}[5m]))',
      "histogram_quantile(0.95, sum by (le, status) (rate(tw_cycle_duration_seconds_bucket[5m])))",
      'tw_api_latency_seconds{quantile="0.95"}',
      'max(tw_exposure_ratio{kind=~"at_risk|pending", bot="paper"}) > 0.3',
      "rate(tw_cycle_duration_seconds_sum[$__rate_interval]) / rate(tw_cycle_duration_seconds_count[$__rate_interval])",
      'up{job="tradewatch"} == 0',
      'absent(up{job="tradewatch"})',
      "deriv(tw_exposure_ratio[10m])",
      "sum(rate(tw_orders_placed_total[5m])) / on() group_left sum(rate(tw_cycle_duration_seconds_count[5m]))",
    ]) {
      expect(lintExpression(expression, index).problems, expression).toEqual([]);
    }
  });

  it("rejects rate() over a gauge, naming the _total suffix that misleads", () => {
    const [problem] = lintExpression("rate(tw_heap_allocations_total[5m])", index).problems;
    expect(problem?.code).toBe("rate-on-gauge");
    expect(problem?.message).toMatch(/is a gauge despite its _total suffix/);
  });

  it("rejects unknown metrics and suggests the closest name", () => {
    const [problem] = lintExpression("tw_order_placed_total", index).problems;
    expect(problem?.code).toBe("unknown-metric");
    expect(problem?.message).toMatch(/did you mean "tw_orders_placed_total"/);
  });

  it("rejects label values outside a label's enumerated set, also inside simple regexes", () => {
    expect(codes('tw_orders_placed_total{side="long"}')).toEqual(["unknown-label-value"]);
    expect(codes('tw_orders_placed_total{side=~"buy|short"}')).toEqual(["unknown-label-value"]);
    expect(codes('tw_orders_placed_total{side=~"$side"}')).toEqual([]);
  });

  it("rejects delta() over a counter and rate() over a summary quantile", () => {
    expect(codes("delta(tw_orders_placed_total[5m])")).toEqual(["gauge-function-on-counter"]);
    expect(codes("rate(tw_api_latency_seconds[5m])")).toEqual(["rate-on-non-counter"]);
  });

  it("rejects histogram_quantile() after an aggregation that drops le", () => {
    expect(
      codes(
        "histogram_quantile(0.9, sum by (status) (rate(tw_cycle_duration_seconds_bucket[5m])))",
      ),
    ).toEqual(["histogram-quantile-without-le"]);
  });

  it("rejects averaging summary quantiles, and quantiles outside [0, 1]", () => {
    expect(codes('avg(tw_api_latency_seconds{quantile="0.5"})')).toEqual([
      "aggregated-summary-quantiles",
    ]);
    expect(codes("histogram_quantile(95, rate(tw_cycle_duration_seconds_bucket[5m]))")).toEqual([
      "quantile-out-of-range",
    ]);
  });

  it("rejects comparing a ratio with a percentage", () => {
    const [problem] = lintExpression('tw_exposure_ratio{kind="at_risk"} > 90', index).problems;
    expect(problem?.code).toBe("ratio-compared-to-percent");
    expect(problem?.message).toMatch(/use 0.9/);
  });

  it("evaluates constant thresholds such as 0.3 * 100", () => {
    expect(codes('tw_exposure_ratio{kind="at_risk"} > 0.3 * 100')).toEqual([
      "ratio-compared-to-percent",
    ]);
    expect(codes('tw_exposure_ratio{kind="at_risk"} > 30 / 100')).toEqual([]);
  });

  it("rejects rate() ranges shorter than four scrape intervals", () => {
    expect(codes("rate(tw_orders_placed_total[30s])")).toEqual(["range-too-short"]);
    expect(
      lintExpression("rate(tw_orders_placed_total[30s])", index, { scrapeIntervalSeconds: 5 })
        .problems,
    ).toEqual([]);
  });

  it("rejects selecting a gauge's nonexistent _total series and a counter without _total", () => {
    expect(codes("tw_exposure_ratio_total")).toEqual(["gauge-as-counter"]);
    expect(codes("tw_orders_placed")).toEqual(["unknown-metric"]);
  });

  it("reports syntax errors with their column", () => {
    const [problem] = lintExpression("sum(rate(tw_orders_placed_total[5m])", index).problems;
    expect(problem?.code).toBe("syntax-error");
    expect(problem?.message).toMatch(/column \d+/);
  });

  it("infers the labels an expression yields", () => {
    const { value } = lintExpression(
      "histogram_quantile(0.95, sum by (le, status) (rate(tw_cycle_duration_seconds_bucket[5m])))",
      index,
    );
    expect([...(value?.labels ?? [])]).toEqual(["status"]);
  });
});

describe("parseDurationSeconds", () => {
  it("reads Prometheus durations", () => {
    expect(parseDurationSeconds("1h30m")).toBe(5400);
    expect(parseDurationSeconds("250ms")).toBe(0.25);
    expect(parseDurationSeconds("5x")).toBeUndefined();
  });
});

describe("histogram_quantile thresholds", () => {
  it("rejects a threshold no quantile can exceed: the highest finite bucket caps it", () => {
    const [problem] = lintExpression(
      "histogram_quantile(0.95, sum by (le) (rate(tw_cycle_duration_seconds_bucket[5m]))) > 45",
      index,
    ).problems;
    expect(problem?.code).toBe("quantile-beyond-buckets");
    expect(problem?.message).toMatch(/never exceeds its highest finite bucket \(1\)/);
    expect(
      codes(
        "histogram_quantile(0.95, sum by (le) (rate(tw_cycle_duration_seconds_bucket[5m]))) > 0.5",
      ),
    ).toEqual([]);
  });
});
