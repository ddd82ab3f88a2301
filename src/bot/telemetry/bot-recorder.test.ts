import { describe, expect, it } from "vitest";
import { Registry } from "../../metrics/index.js";
import { exchangeEndpoints, riskChecks } from "../types.js";
import { createBotRecorder } from "./bot-recorder.js";

describe("createBotRecorder", () => {
  it("labels every endpoint the engine calls by name, and anything else as other", async () => {
    const registry = new Registry();
    const recorder = createBotRecorder({
      registry,
      symbols: ["BTC/USD"],
      constLabels: { environment: "test" },
    });
    for (const endpoint of exchangeEndpoints) recorder.bindEndpoint(endpoint).request(0.01);
    recorder.bindEndpoint("fetchBalance").request(0.01);
    const text = await registry.metrics();
    for (const endpoint of exchangeEndpoints) {
      expect(text).toContain(
        `tradewatch_exchange_api_requests_total{environment="test",endpoint="${endpoint}"} 1`,
      );
    }
    expect(text).toContain(
      'tradewatch_exchange_api_requests_total{environment="test",endpoint="other"} 1',
    );
  });

  it("keeps the strategies, sources and risk rules of the bot and folds the rest into other", async () => {
    const registry = new Registry();
    const recorder = createBotRecorder({
      registry,
      symbols: ["BTC/USD"],
      constLabels: { environment: "test" },
      sources: ["csv"],
    });
    recorder.bindStrategy("trend_momentum").intent();
    recorder.bindStrategy("someone_elses").intent();
    recorder.bindBars("BTC/USD", "csv").bar();
    recorder.bindBars("BTC/USD", "sim").bar();
    recorder.bindRule(riskChecks[0]!).check(true);
    recorder.bindRule("made_up_rule").check(false);
    const text = await registry.metrics();
    expect(text).toMatch(/order_intents_total\{[^}]*strategy="trend_momentum"[^}]*\} 1/);
    expect(text).toMatch(/order_intents_total\{[^}]*strategy="other"[^}]*\} 1/);
    expect(text).toMatch(/bars_received_total\{[^}]*source="csv"[^}]*\} 1/);
    expect(text).toMatch(/bars_received_total\{[^}]*source="other"[^}]*\} 1/);
    expect(text).toContain(
      `tradewatch_constitution_checks_total{environment="test",rule="${riskChecks[0]}",result="pass"} 1`,
    );
    expect(text).toContain(
      'tradewatch_constitution_checks_total{environment="test",rule="other",result="fail"} 1',
    );
  });

  it("gives the no-op recorder when disabled", async () => {
    const registry = new Registry();
    const recorder = createBotRecorder({
      registry,
      symbols: ["BTC/USD"],
      constLabels: { environment: "test" },
      enabled: false,
    });
    recorder.bindEndpoint("fetchStatus").request(0.01);
    expect(await registry.metrics()).not.toContain("exchange_api_requests_total");
  });
});
