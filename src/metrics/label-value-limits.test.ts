/** @module Label values under hostile input: a byte limit per value and no lone surrogates, checked when a label set is first seen. */
import { describe, expect, it } from "vitest";
import { Counter } from "./counter.js";
import { Gauge } from "./gauge.js";
import { Histogram } from "./histogram.js";
import { Registry } from "./registry.js";
import { Summary } from "./summary.js";
import { DEFAULT_MAX_LABEL_VALUE_BYTES } from "./types.js";

function counter(registry = new Registry(), maxLabelValueBytes?: number): Counter<"path"> {
  return new Counter({
    name: "requests_total",
    help: "Requests.",
    labelNames: ["path"],
    registers: [registry],
    ...(maxLabelValueBytes === undefined ? {} : { maxLabelValueBytes }),
  });
}

describe("label value length", () => {
  it("defaults to 2048 UTF-8 bytes, counted in bytes, not characters", () => {
    expect(DEFAULT_MAX_LABEL_VALUE_BYTES).toBe(2048);
    const metric = counter();
    metric.inc({ path: "a".repeat(2048) });
    metric.inc({ path: "€".repeat(682) }); // 2046 bytes
    expect(() => metric.inc({ path: "a".repeat(2049) })).toThrow(
      expect.objectContaining({ code: "ERR_LABEL_VALUE_TOO_LONG" }),
    );
    expect(() => metric.inc({ path: "€".repeat(683) })).toThrow(
      /^Invalid value for label "path" of metric "requests_total": was 2049 bytes long \("€€€/,
    );
    expect(metric.seriesSize).toBe(2);
  });

  it("refuses a too-long value through every way a label set is given, on every metric type", () => {
    const registry = new Registry();
    const long = "x".repeat(64 * 1024);
    const metrics = [
      counter(registry),
      new Gauge({ name: "g", help: "g", labelNames: ["path"], registers: [registry] }),
      new Histogram({ name: "h", help: "h", labelNames: ["path"], registers: [registry] }),
      new Summary({ name: "s", help: "s", labelNames: ["path"], registers: [registry] }),
    ];
    for (const metric of metrics) {
      expect(() => metric.labels(long), metric.name).toThrow(/must be at most 2048 bytes/);
      expect(() => metric.labels({ path: long }), metric.name).toThrow(
        /must be at most 2048 bytes/,
      );
    }
  });

  it("keeps /metrics alive under 20,000 hostile 64 KiB values (was 625 MiB and RangeError)", async () => {
    const registry = new Registry();
    const metric = counter(registry);
    let refused = 0;
    for (let index = 0; index < 20_000; index++) {
      const value = `${index}`.padEnd(64 * 1024, "x");
      try {
        metric.inc({ path: value });
      } catch {
        refused++;
      }
    }
    metric.inc({ path: "/ok" });
    expect(refused).toBe(20_000);
    const text = await registry.metrics();
    expect(text).toContain('requests_total{path="/ok"} 1');
    expect(text.length).toBeLessThan(1024);
  });

  it("takes a per-metric limit, and the registry's limit for metrics without one", () => {
    const registry = new Registry();
    const own = counter(registry, 10);
    const inherited = new Counter({
      name: "other_total",
      help: "Other.",
      labelNames: ["path"],
      registers: [registry],
    });
    registry.setMaxLabelValueBytes(4);
    const later = new Gauge({
      name: "later",
      help: "Later.",
      labelNames: ["path"],
      registers: [registry],
    });
    expect(() => own.inc({ path: "0123456789" })).not.toThrow();
    expect(() => own.inc({ path: "0123456789a" })).toThrow(/must be at most 10 bytes/);
    expect(() => inherited.inc({ path: "abcd" })).not.toThrow();
    expect(() => inherited.inc({ path: "abcde" })).toThrow(/must be at most 4 bytes/);
    expect(() => later.set({ path: "abcde" }, 1)).toThrow(/must be at most 4 bytes/);
    expect(() => counter(new Registry(), 0)).toThrow(
      expect.objectContaining({ code: "ERR_INVALID_METRIC_OPTION" }),
    );
  });

  it("checks past maxSeries too, so the overflow series never hides a bad value", () => {
    const metric = new Counter({
      name: "capped_total",
      help: "Capped.",
      labelNames: ["path"],
      registers: [],
      maxSeries: 1,
    });
    metric.inc({ path: "a" });
    metric.inc({ path: "b" });
    expect(() => metric.inc({ path: "c".repeat(3000) })).toThrow(/must be at most 2048 bytes/);
    expect(metric.droppedLabelSets).toBe(1);
  });
});

describe("lone UTF-16 surrogates", () => {
  it("are refused, so x\\ud800, x\\udfff and x\\ufffd can never collapse into one series", async () => {
    const registry = new Registry();
    const metric = counter(registry);
    for (const value of ["x\ud800", "x\udfff", "\udc00x", "a\ud83d"]) {
      expect(() => metric.inc({ path: value }), JSON.stringify(value)).toThrow(
        expect.objectContaining({ code: "ERR_INVALID_LABEL_VALUE" }),
      );
    }
    expect(() => metric.labels("x\ud800")).toThrow(
      'Invalid value for label "path" of metric "requests_total": was "x\\ud800", holds a lone UTF-16 surrogate; must be valid Unicode',
    );
    metric.inc({ path: "x\ufffd" });
    metric.inc({ path: "x\ud83d\ude00" }); // a surrogate pair is fine
    const text = await registry.metrics();
    const lines = text.split("\n").filter((line) => line.startsWith("requests_total{"));
    expect(lines).toEqual(['requests_total{path="x\ufffd"} 1', 'requests_total{path="x😀"} 1']);
  });
});
