import { describe, expect, it, vi } from "vitest";
import { Gauge } from "./gauge.js";

function gauge(labelNames: string[] = []) {
  return new Gauge({ name: "open_positions", help: "Open positions.", labelNames, registers: [] });
}

describe("Gauge", () => {
  it("sets, increments and decrements, with and without labels", async () => {
    const positions = gauge();
    positions.set(3);
    positions.inc();
    positions.dec(2);
    expect((await positions.get()).values).toEqual([{ value: 2, labels: {} }]);
    const exposure = gauge(["type"]);
    exposure.set({ type: "at_risk" }, 0.2);
    exposure.inc({ type: "at_risk" }, 0.05);
    exposure.dec({ type: "pending" });
    exposure.labels("pending").inc(3);
    expect((await exposure.get()).values).toEqual([
      { value: 0.25, labels: { type: "at_risk" } },
      { value: 2, labels: { type: "pending" } },
    ]);
  });

  it("goes negative and holds NaN and infinities, as gauges may", async () => {
    const pnl = gauge();
    pnl.dec(5);
    expect((await pnl.get()).values[0]?.value).toBe(-5);
    pnl.set(Number.NaN);
    expect((await pnl.get()).values[0]?.value).toBeNaN();
  });

  it("rejects a set() without a number", () => {
    expect(() => gauge(["type"]).set({ type: "at_risk" })).toThrow(
      'Invalid value undefined for gauge "open_positions": must be a number',
    );
  });

  it("sets the current time in seconds", async () => {
    vi.useFakeTimers({ now: 1_700_000_000_500 });
    try {
      const heartbeat = gauge(["plane"]);
      heartbeat.setToCurrentTime();
      heartbeat.setToCurrentTime({ plane: "data" });
      heartbeat.labels("order").setToCurrentTime();
      const values = (await heartbeat.get()).values.map((value) => value.value);
      expect(values).toEqual([1_700_000_000.5, 1_700_000_000.5, 1_700_000_000.5]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("times with startTimer(), merging start and end labels", async () => {
    const duration = gauge(["stage", "status"]);
    const end = duration.startTimer({ stage: "risk" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const seconds = end({ status: "ok" });
    expect(seconds).toBeGreaterThanOrEqual(0.015);
    expect((await duration.get()).values).toEqual([
      { value: seconds, labels: { stage: "risk", status: "ok" } },
    ]);
    const bound = duration.labels("data", "ok").startTimer();
    expect(bound()).toBeGreaterThanOrEqual(0);
  });

  it("zero() creates the series and remove() deletes it", async () => {
    const exposure = gauge(["type"]);
    exposure.zero({ type: "pending" });
    expect((await exposure.get()).values).toEqual([{ value: 0, labels: { type: "pending" } }]);
    exposure.remove("pending");
    expect((await exposure.get()).values).toEqual([]);
  });

  it("after reset(), a bound series shows again on its next record, a record of zero included, as in prom-client", async () => {
    const exposure = gauge(["type"]);
    const records: [string, (series: ReturnType<typeof exposure.labels>) => void][] = [
      ["inc(0)", (series) => series.inc(0)],
      ["dec(0)", (series) => series.dec(0)],
      ["set(0)", (series) => series.set(0)],
      ["set(-0)", (series) => series.set(-0)],
      [
        "inc(1) then dec(1)",
        (series) => {
          series.inc(1);
          series.dec(1);
        },
      ],
    ];
    for (const [name, record] of records) {
      const series = exposure.labels(name);
      series.set(7);
      exposure.reset();
      expect((await exposure.get()).values, name).toEqual([]);
      record(series);
      expect((await exposure.get()).values, name).toEqual([{ value: 0, labels: { type: name } }]);
      exposure.remove(name);
    }
    exposure.labels("by labels").set(3);
    exposure.reset();
    exposure.dec({ type: "by labels" }, 0);
    expect((await exposure.get()).values).toEqual([{ value: 0, labels: { type: "by labels" } }]);
  });
});
