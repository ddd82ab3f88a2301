import { describe, expect, it } from "vitest";
import { noTradeReasons } from "../../catalog/label-values.js";
import { normalizeNoTradeReason } from "./no-trade-reason.js";

describe("normalizeNoTradeReason", () => {
  it.each([
    ["all_proposals_blocked_by_risk", "risk_blocked"],
    ["No signals above threshold", "no_signal"],
    ["no_proposals", "no_signal"],
    ["Circuit breaker open: api_health", "circuit_breaker"],
    ["kill switch active", "kill_switch"],
    ["Cooldown active for all candidates", "cooldown_active"],
    ["Exposure cap reached", "exposure_cap"],
    ["insufficient balance to open position", "insufficient_funds"],
    ["stale market data (age 312s)", "stale_data"],
    ["Market closed", "market_closed"],
    ["market_closed", "market_closed"],
    ["weird", "other"],
  ])("%j is %s", (reason, expected) => {
    expect(normalizeNoTradeReason(reason)).toBe(expected);
  });

  it("never returns text from the reason", () => {
    const reason = "blocked: token=ghp_16C7e42F292c6912E7710c838347Ae178B4a";
    const category = normalizeNoTradeReason(reason);
    expect(noTradeReasons).toContain(category);
    expect(category).toBe("risk_blocked");
  });
});
