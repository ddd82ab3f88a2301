import { describe, expect, it } from "vitest";
import { Counter } from "./counter.js";
import { MetricDefinitionError } from "./errors.js";
import { Gauge } from "./gauge.js";
import { validateMetricName } from "./index.js";

const define = (options: Record<string, unknown>) =>
  new Counter({ name: "fills_total", help: "Fills.", registers: [], ...options } as never);

describe("definition errors", () => {
  it.each([
    [
      { name: "2fast" },
      "ERR_INVALID_METRIC_NAME",
      'Invalid metric name "2fast": must match [a-zA-Z_:][a-zA-Z0-9_:]*',
    ],
    [{ name: "has-dash_total" }, "ERR_INVALID_METRIC_NAME", 'Invalid metric name "has-dash_total"'],
    [{ name: undefined }, "ERR_INVALID_METRIC_NAME", "Invalid metric name"],
    [
      { help: "" },
      "ERR_INVALID_METRIC_OPTION",
      'Invalid help for metric "fills_total": was "", must be a non-empty string',
    ],
    [
      { labelNames: ["ok", "bad label"] },
      "ERR_INVALID_LABEL_NAME",
      'Invalid label name "bad label" on metric "fills_total"',
    ],
    [
      { labelNames: ["__name__"] },
      "ERR_RESERVED_LABEL_NAME",
      'names starting with "__" are reserved',
    ],
    [
      { labelNames: ["side", "side"] },
      "ERR_DUPLICATE_LABEL_NAME",
      'Duplicate label name "side" on metric "fills_total"',
    ],
    [{ maxSeries: 0 }, "ERR_INVALID_METRIC_OPTION", 'Invalid maxSeries 0 on metric "fills_total"'],
    [
      { unit: "seconds" },
      "ERR_INVALID_METRIC_OPTION",
      'the name must end with "_seconds" (before "_total")',
    ],
  ])("rejects %j with %s", (options, code, message) => {
    let error: unknown;
    try {
      define(options);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MetricDefinitionError);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toContain(message);
  });

  it("accepts a unit the name ends with, before _total on counters", () => {
    expect(
      new Counter({ name: "cpu_seconds_total", help: "x", unit: "seconds", registers: [] }).unit,
    ).toBe("seconds");
    expect(new Gauge({ name: "heap_bytes", help: "x", unit: "bytes", registers: [] }).unit).toBe(
      "bytes",
    );
  });

  it("accepts colons in metric names (recording rules) but not in label names", () => {
    expect(new Gauge({ name: "job:fills:rate5m", help: "x", registers: [] }).name).toBe(
      "job:fills:rate5m",
    );
    expect(
      () => new Gauge({ name: "x", help: "x", labelNames: ["a:b"], registers: [] }),
    ).toThrowError(expect.objectContaining({ code: "ERR_INVALID_LABEL_NAME" }));
  });

  it("validateMetricName answers true or false like prom-client's, and never throws", () => {
    expect(validateMetricName("fills_total")).toBe(true);
    expect(validateMetricName("job:fills:rate5m")).toBe(true);
    expect(validateMetricName("2fast")).toBe(false);
    expect(validateMetricName("a-b")).toBe(false);
    expect(validateMetricName(undefined)).toBe(false);
    // The constructors still refuse a bad name.
    expect(() => define({ name: "2fast" })).toThrowError(
      expect.objectContaining({ code: "ERR_INVALID_METRIC_NAME" }),
    );
  });
});
