/** @module The scale run in CI: a few real bots (scripts/scale.ts runs 20) scraped by one real Prometheus that remote-writes to a real VictoriaMetrics; the aggregated query across bots in the store equals the sum of the bots' own /metrics. */
import { describe, expect, it } from "vitest";
import { runScale, type ScaleRunResult } from "../support/scale-run.js";

describe("many bots into one Prometheus and VictoriaMetrics", () => {
  let result: ScaleRunResult;

  it("stores every bot's series, and sum(tradewatch_cycles_total) in the store equals the sum of the bots' own scrapes", async () => {
    result = await runScale({ bots: 4, measureSeconds: 20, scrapeInterval: "2s", speed: 10 });
    // Every bot exposes the same catalog: the same series count give or take the label
    // values it has met (symbols traded, error types seen).
    expect(result.seriesPerBot.min).toBeGreaterThan(100);
    expect(result.seriesPerBot.max).toBeLessThan(result.seriesPerBot.min * 1.5);
    // The store saw every bot's samples: about series x bots per scrape interval.
    expect(result.vmSamplesPerSecond).toBeGreaterThan(
      (result.seriesPerBot.min * result.bots) / 2 / 2,
    );
    // Bots keep cycling between Prometheus's last scrape and our reads: the store is behind by
    // at most one scrape interval (2 s), remote_write's batch send deadline (5 s) and the reads'
    // own seconds of cycles, never more, and never ahead.
    expect(result.aggregate.direct).toBeGreaterThan(0);
    const tolerance = Math.max(1, result.aggregate.cyclesPerSecond * 10);
    expect(Math.abs(result.aggregate.store - result.aggregate.direct)).toBeLessThanOrEqual(
      tolerance,
    );
    expect(result.aggregate.store).toBeLessThanOrEqual(result.aggregate.direct);
  }, 180_000);
});
