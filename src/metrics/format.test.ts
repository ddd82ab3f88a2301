import { describe, expect, it } from "vitest";
import {
  escapeLabelValue,
  escapeOpenMetricsHelp,
  escapePrometheusHelp,
  formatOpenMetricsFloat,
  formatSampleValue,
} from "./format.js";

describe("number spelling", () => {
  it.each([
    [0.1, "0.1"],
    [0.1 + 0.2, "0.30000000000000004"],
    [1, "1"],
    [-0.5, "-0.5"],
    [1e21, "1e+21"],
    [1.5e-7, "1.5e-7"],
    [Number.POSITIVE_INFINITY, "+Inf"],
    [Number.NEGATIVE_INFINITY, "-Inf"],
    [Number.NaN, "NaN"],
  ])("spells sample %d as %s", (value, text) => {
    expect(formatSampleValue(value)).toBe(text);
    expect(Number(text.replace("Inf", "Infinity"))).toBe(value);
  });

  it.each([
    [1, "1.0"],
    [0, "0.0"],
    [2.5, "2.5"],
    [0.005, "0.005"],
    [1e21, "1e+21"],
    [Number.POSITIVE_INFINITY, "+Inf"],
  ])("spells OpenMetrics le/quantile %d as %s", (value, text) => {
    expect(formatOpenMetricsFloat(value)).toBe(text);
  });
});

describe("escaping", () => {
  it("escapes label values: backslash, double quote, line feed, nothing else", () => {
    expect(escapeLabelValue('a\\b"c\nd\te✓')).toBe('a\\\\b\\"c\\nd\te✓');
    expect(escapeLabelValue("plain")).toBe("plain");
  });

  it("escapes HELP per format: quotes only in OpenMetrics", () => {
    expect(escapePrometheusHelp('say "hi"\\\n')).toBe('say "hi"\\\\\\n');
    expect(escapeOpenMetricsHelp('say "hi"\\\n')).toBe('say \\"hi\\"\\\\\\n');
  });
});
