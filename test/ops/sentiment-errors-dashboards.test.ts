/** @module The Sentiment and Errors dashboards: registered in the bundle, every query passes our linter and promtool, every panel says what it shows and reads the metrics the seeds ask for. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  catalogSeriesIndex,
  defaultBundleOptions,
  generateBundle,
  lintPaths,
  writeBundle,
} from "../../src/ops/index.js";
import { runPromtool } from "../support/promtool.js";

interface Panel {
  readonly type: string;
  readonly title: string;
  readonly description?: string;
  readonly targets?: readonly { readonly expr: string }[];
}

const bundle = generateBundle(defaultBundleOptions);
const dashboard = (file: string) => {
  const generated = bundle.find((entry) => entry.path === `grafana/dashboards/${file}.json`);
  if (generated === undefined) throw new Error(`no grafana/dashboards/${file}.json in the bundle`);
  return {
    text: generated.content,
    json: JSON.parse(generated.content) as { uid: string; title: string; panels: Panel[] },
  };
};
const panelsOf = (file: string) => dashboard(file).json.panels.filter((p) => p.type !== "row");
const expressions = (file: string) =>
  panelsOf(file).flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));

/** Grafana's variables as a dashboard opened on the default job would resolve them. */
const substitute = (expression: string) =>
  expression
    .replaceAll("$__rate_interval", "1m")
    .replaceAll("$__range", "6h")
    .replaceAll("$__interval", "15s")
    .replaceAll("$job", "tradewatch");

describe.each(["sentiment", "errors"])("the %s dashboard", (file) => {
  it("is generated into grafana/dashboards/ with its own uid, identically on every run", () => {
    const { json, text } = dashboard(file);
    expect(json.uid).toBe(`tradewatch-${file}`);
    const again = generateBundle(defaultBundleOptions).find(
      (entry) => entry.path === `grafana/dashboards/${file}.json`,
    );
    expect(again?.content).toBe(text);
  });

  it("passes our PromQL linter against the catalog and the recording rules", async () => {
    const directory = await mkdtemp(join(tmpdir(), `tradewatch-${file}-lint-`));
    try {
      await writeBundle(directory, bundle);
      const { findings, files } = await lintPaths([directory], catalogSeriesIndex());
      expect(files).toContain(join(directory, "grafana", "dashboards", `${file}.json`));
      expect(findings).toEqual([]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("has a description and at least one query on every panel", () => {
    for (const panel of panelsOf(file)) {
      expect(panel.description ?? "", panel.title).not.toBe("");
      expect(panel.targets?.length ?? 0, panel.title).toBeGreaterThan(0);
    }
  });

  it("passes promtool check rules: every query as a recording rule", async () => {
    const directory = await mkdtemp(join(tmpdir(), `tradewatch-${file}-promtool-`));
    try {
      const rules = expressions(file).map((expr, i) => ({
        record: `dashboard:query_${i}`,
        expr: substitute(expr),
      }));
      const path = join(directory, "rules.yml");
      await writeFile(path, stringify({ groups: [{ name: file, rules }] }));
      const result = await runPromtool(["check", "rules", path]);
      expect(result.problems).toEqual([]);
      expect(result.exitCode).toBe(0);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe("what the dashboards show", () => {
  const reads = (file: string, metric: string) =>
    expressions(file).some((expr) => expr.includes(`tradewatch_${metric}`));

  it("Sentiment: sentiment by symbol, its distribution, divergences, weights, provider usage, latency, errors, rate limits, data age, calculation time", () => {
    for (const metric of [
      "sentiment_current",
      "sentiment_aggregate_bucket",
      "sentiment_divergences_total",
      "sentiment_provider_weight_ratio",
      "sentiment_provider_uses_total",
      "sentiment_calculation_duration_seconds_bucket",
      "provider_requests_total",
      "provider_request_duration_seconds_bucket",
      "provider_errors_total",
      "provider_rate_limit_hits_total",
      "provider_data_age_seconds",
    ]) {
      expect(reads("sentiment", metric), metric).toBe(true);
    }
    expect(expressions("sentiment")).toContainEqual(
      expect.stringMatching(
        /^histogram_quantile\(0\.5, sum by \(le\) \(rate\(tradewatch_sentiment_aggregate_bucket/,
      ),
    );
  });

  it("Errors: exceptions by component and type, errors, API errors and streak, AI and provider errors, data-quality incidents, rejected orders", () => {
    for (const metric of [
      "exceptions_total",
      "errors_total",
      "exchange_api_consecutive_errors",
      "ai_request_errors_total",
      "provider_errors_total",
      "data_validation_errors_total",
      "data_clock_drift_rejections_total",
      "data_normalization_errors_total",
      "data_dead_letter_messages_total",
      "orders_rejected_total",
    ]) {
      expect(reads("errors", metric), metric).toBe(true);
    }
    // API errors by type come through the recording rule every other dashboard uses.
    expect(expressions("errors").some((expr) => expr.includes("exchange_api_errors:rate5m"))).toBe(
      true,
    );
    expect(expressions("errors")).toContainEqual(
      expect.stringContaining("sum by (component, error_type) (rate(tradewatch_exceptions_total"),
    );
  });
});
