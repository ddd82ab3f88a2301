/**
 * @module End to end with real processes, at one tenth of the soak's length: the paper bot
 * driven through the soak's schedule (healthy, an API error storm, a disconnect, the kill
 * switch by HTTP then by file, a plane server stopped, the bot stopped), the real Prometheus
 * and Alertmanager started by `tradewatch stack up --time-scale 0.1` (every rule duration,
 * interval and timer scaled by the same factor as the schedule), and a webhook receiver.
 * `npm run soak` runs the same drill at full length.
 */
import { describe, expect, it } from "vitest";
import { type DrillResult, runAlertDrill } from "../support/alert-drill.js";

describe("alerts end to end: bot → Prometheus → Alertmanager → webhook, the soak at 1/10", () => {
  let result: DrillResult;

  it("runs the drill's schedule", { timeout: 300_000 }, async () => {
    const lines: string[] = [];
    result = await runAlertDrill({ timeScale: 0.1, log: (line) => lines.push(line) });
    // What an operator would read, in the test's output when it fails.
    console.log(`${lines.join("\n")}\n${result.table}`);
  });

  it("stays silent through the healthy phase and on every alert that should not fire", () => {
    const unexpected = result.rows.filter((row) => row.verdict === "unexpected");
    expect(unexpected.map((row) => `${row.alert} ${row.labels} fired at ${row.firedAt}s`)).toEqual(
      [],
    );
  });

  it("delivers every alert the schedule provokes, each within for: + 2 evaluations + group_wait", () => {
    const late = result.rows.filter((row) => row.verdict === "missing" || row.verdict === "late");
    expect(late.map((row) => `${row.alert} ${row.labels}: ${row.verdict}`)).toEqual([]);
    const delivered = result.rows.filter((row) => row.expected === "fire" && row.verdict === "ok");
    const names = delivered.map((row) =>
      `${row.alert} ${row.labels}`.replace(/instance=127\.0\.0\.1:\d+/, "instance=<order plane>"),
    );
    expect(names.sort()).toEqual(
      [
        "APIErrorBurst ",
        "APIErrorRateHigh ",
        "CircuitBreakerTripped breaker=exchange_connectivity",
        "CircuitBreakerTripping breaker=api_health",
        "CircuitBreakerTripping breaker=exchange_connectivity",
        "KillSwitchActive source=file",
        "KillSwitchActive source=http",
        "TradingBotDown ",
        "TradingPlaneDown instance=<order plane>",
      ].sort(),
    );
  });

  it("notifies the kill switch once per source, with the source in the alert", () => {
    const http = result.rows.find(
      (row) => row.alert === "KillSwitchActive" && row.labels === "source=http",
    );
    const file = result.rows.find(
      (row) => row.alert === "KillSwitchActive" && row.labels === "source=file",
    );
    expect(http?.resolvedAt).toBeDefined();
    expect(file!.firedAt!).toBeGreaterThan(http!.resolvedAt! - 1);
  });
});
