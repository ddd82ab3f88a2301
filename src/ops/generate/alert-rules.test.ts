import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { defaultBundleOptions } from "../bundle-options.js";
import { catalogSeriesIndex } from "../lint/catalog-index.js";
import { lintExpression } from "../lint/expression-linter.js";
import { alertRuleGroups, alertSpecs } from "./alert-rules.js";
import { alertTimings } from "./alert-timings.js";
import { durationMilliseconds } from "./alerts/time-scale.js";

/** The range and subquery durations, and the number literals, of an expression, in order. */
function literals(expression: string): { durations: string[]; numbers: number[] } {
  const durations: string[] = [];
  const numbers: number[] = [];
  parser.parse(expression).iterate({
    enter(ref) {
      const text = expression.slice(ref.from, ref.to);
      if (ref.name === "NumberDurationLiteralInDurationContext") durations.push(text);
      if (ref.name === "NumberDurationLiteral") numbers.push(Number(text));
    },
  });
  return { durations, numbers };
}

/** The alerts whose thresholds are seconds of time, and those thresholds. */
const secondsThresholds: Record<string, readonly number[]> = {
  TradingLoopStalled: [300],
  StaleData: [300],
  SlowCycles: [45],
};

describe("alertSpecs with a timeScale", () => {
  const plain = alertSpecs(defaultBundleOptions);

  for (const factor of [1 / 60, 0.37]) {
    const scaled = alertSpecs(defaultBundleOptions, { timeScale: factor });
    const scrapeSeconds =
      (durationMilliseconds(defaultBundleOptions.scrapeInterval) * factor) / 1000;

    it(`scales every for:, range and seconds threshold of every alert by ${factor.toFixed(4)}, and nothing else`, () => {
      expect(scaled.map((spec) => spec.alert)).toEqual(plain.map((spec) => spec.alert));
      for (const [index, spec] of scaled.entries()) {
        const original = plain[index]!;
        const expected = (duration: string) =>
          durationMilliseconds(duration) === 0
            ? 0
            : Math.max(1, Math.round(durationMilliseconds(duration) * factor));
        expect(durationMilliseconds(spec.for), `${spec.alert} for:`).toBe(expected(original.for));
        const before = literals(original.expr);
        const after = literals(spec.expr);
        expect(after.durations.map(durationMilliseconds), `${spec.alert} ranges`).toEqual(
          before.durations.map(expected),
        );
        const thresholds = secondsThresholds[spec.alert] ?? [];
        expect(after.numbers, `${spec.alert} numbers`).toEqual(
          before.numbers.map((value) =>
            thresholds.includes(value) ? Math.round(value * factor * 1000) / 1000 : value,
          ),
        );
      }
    });

    it(`keeps every scaled expression valid for the linter at ${factor.toFixed(4)} (scrape every ${scrapeSeconds} s)`, () => {
      const index = catalogSeriesIndex();
      for (const spec of scaled) {
        const { problems } = lintExpression(spec.expr, index, {
          scrapeIntervalSeconds: scrapeSeconds,
        });
        expect(problems, `${spec.alert}: ${spec.expr}`).toEqual([]);
      }
    });
  }

  it("writes sub-second durations in milliseconds", () => {
    const { groups } = alertRuleGroups(defaultBundleOptions, { timeScale: 1 / 600 }) as {
      groups: { rules: { alert: string; expr: string; for?: string }[] }[];
    };
    const rules = Object.fromEntries(groups[0]!.rules.map((rule) => [rule.alert, rule]));
    expect(rules.CircuitBreakerTripped?.for).toBe("100ms");
    expect(rules.CircuitBreakerTripping?.expr).toContain("[500ms]");
    expect(rules.TradingLoopStalled?.expr).toMatch(/> 0\.5$/);
    expect(rules.KillSwitchActive?.for).toBeUndefined();
  });

  it("refuses a time scale that is not a positive number", () => {
    for (const timeScale of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => alertSpecs(defaultBundleOptions, { timeScale })).toThrow(/Invalid timeScale/);
    }
  });
});

describe("alertSpecs", () => {
  const specs = alertSpecs(defaultBundleOptions);
  const byName = new Map(specs.map((spec) => [spec.alert, spec]));

  it("has a firing and a silent promtool case for every alert but the always-firing Watchdog", () => {
    for (const spec of specs) {
      expect(spec.fires.expect.length, spec.alert).toBeGreaterThan(0);
      if (spec.alert === "Watchdog") expect(spec.silent).toBeUndefined();
      else expect(spec.silent?.expect, spec.alert).toEqual([]);
    }
  });

  it("alerts on every job prometheus.yml scrapes, and on the bot's job missing", () => {
    for (const job of [
      "tradewatch",
      "tradewatch-planes",
      "pushgateway",
      "prometheus",
      "alertmanager",
    ]) {
      expect(
        specs.some((spec) => spec.expr === `up{job="${job}"} == 0`),
        `an alert on up{job="${job}"} == 0`,
      ).toBe(true);
    }
    expect(byName.get("TradingBotAbsent")?.expr).toBe('absent(up{job="tradewatch"})');
  });

  it("leaves the planes' alert out when the planes are not scraped", () => {
    const names = alertSpecs(defaultBundleOptions, { withoutPlanes: true }).map(
      (spec) => spec.alert,
    );
    expect(names).not.toContain("TradingPlaneDown");
    expect(names).toHaveLength(specs.length - 1);
  });

  it("names the kill switch's source in its labels and summary, so each source notifies", () => {
    const spec = byName.get("KillSwitchActive")!;
    expect(spec.summary).toContain("{{ $labels.source }}");
    expect(spec.fires.expect.map((alert) => alert.labels.source).sort()).toEqual(["file", "http"]);
  });

  it("documents how to provoke every alert", () => {
    for (const spec of specs) expect(spec.provoke, spec.alert).not.toBe("");
  });
});

describe("alertTimings", () => {
  it("gives each alert its severity, for: and the evaluation interval, scaled", () => {
    const plain = new Map(alertTimings(defaultBundleOptions).map((t) => [t.alert, t]));
    expect(plain.get("TradingBotAbsent")).toEqual({
      alert: "TradingBotAbsent",
      severity: "critical",
      forSeconds: 300,
      evaluationIntervalSeconds: 15,
    });
    expect(plain.get("Watchdog")?.forSeconds).toBe(0);
    const fast = new Map(
      alertTimings(defaultBundleOptions, { timeScale: 1 / 60 }).map((t) => [t.alert, t]),
    );
    expect(fast.get("ExcessiveNoTrade")).toEqual({
      alert: "ExcessiveNoTrade",
      severity: "warning",
      forSeconds: 1,
      evaluationIntervalSeconds: 0.25,
    });
    expect(fast.size).toBe(plain.size);
  });
});
