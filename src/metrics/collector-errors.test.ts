/** @module One failing metric (collect throws or rejects, render throws) leaves the rest of the scrape served and is counted. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { Counter } from "./counter.js";
import { Gauge } from "./gauge.js";
import { COLLECTOR_ERRORS_METRIC, Registry } from "./registry.js";
import type { Collectable } from "./types.js";

function healthyRegistry(): Registry {
  const registry = new Registry();
  new Counter({ name: "orders_total", help: "Orders.", registers: [registry] }).inc(3);
  return registry;
}

describe("a failing collector", () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    [
      "collect throws",
      () => {
        throw new Error("exchange unreachable");
      },
    ],
    ["collect rejects", () => Promise.reject(new Error("exchange unreachable"))],
  ])(
    "%s: the others are served, the failure is counted and logged once",
    async (_case, collect) => {
      const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
      const registry = healthyRegistry();
      new Gauge({ name: "balance", help: "Balance.", registers: [registry], collect });
      for (const format of ["prometheus", "openmetrics"] as const) {
        const text = await registry.render(format);
        expect(text).toContain("orders_total");
        expect(text).not.toContain("# HELP balance");
      }
      const text = await registry.metrics();
      expect(text).toContain(`${COLLECTOR_ERRORS_METRIC}{metric="balance"} 3`);
      const logged = stderr.mock.calls.map(([chunk]) => String(chunk));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain('metric "balance" failed');
      expect(logged[0]).toContain("exchange unreachable");
    },
  );

  it("drops a metric whose render throws half-way, without leaving its partial lines", async () => {
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const registry = healthyRegistry();
    const broken: Collectable = {
      name: "broken",
      help: "Broken.",
      type: "gauge",
      unit: undefined,
      droppedLabelSets: 0,
      collectNow: () => undefined,
      renderSamples: async (writer) => {
        writer.sample("broken", 'half="written"', 1);
        throw new RangeError("Invalid string length");
      },
      get: () => Promise.reject(new Error("unused")),
      reset: () => {},
    };
    registry.registerMetric(broken);
    new Counter({ name: "after_total", help: "After.", registers: [registry] }).inc();
    const text = await registry.render("openmetrics");
    expect(text).not.toContain("broken{");
    expect(text).not.toContain("# HELP broken ");
    expect(text).toContain("after_total 1");
    expect(text).toContain(`${COLLECTOR_ERRORS_METRIC}{metric="broken"} 1`);
    expect(text.endsWith("# EOF\n")).toBe(true);
  });

  it("adds no family while every collector works", async () => {
    expect(await healthyRegistry().metrics()).not.toContain(COLLECTOR_ERRORS_METRIC);
  });
});
