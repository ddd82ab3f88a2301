/** @module `tradewatch run`'s AI-analyst step, the real CLI and the official Anthropic and OpenAI SDKs against a local server speaking their wire formats: requests, tokens, cost, analyses and decisions in /metrics; a failed request counted and survived; no key, no AI series. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDecision } from "../../src/cli/commands/run-ai-analyst.js";
import { type FakeLlm, fakeUsage, startFakeLlm } from "../instrument/integrations/fake-llm.js";
import { parseScrape } from "../instrument/parse-scrape.js";
import { startTradewatchRun } from "../support/tradewatch-run.js";

/** The sum of the samples named `name` whose labels include `labels`. */
function total(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const sample of parseScrape(text)) {
    if (sample.name !== name) continue;
    if (Object.entries(labels).every(([key, value]) => sample.labels[key] === value)) {
      sum += sample.value;
    }
  }
  return sum;
}

async function scrape(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const common = ["--speed", "6000", "--no-journal", "--no-dashboard", "--ai-every", "5"];

describe("tradewatch run's AI analyst", () => {
  let llm: FakeLlm;
  beforeAll(async () => {
    llm = await startFakeLlm();
  });
  afterAll(async () => {
    await llm.stop();
  });

  it("asks Claude every n cycles through the instrumented SDK: requests, tokens, cost, analyses, decisions; a 500 is counted and the bot trades on", async () => {
    const bot = await startTradewatchRun({
      args: [...common, "--ai-model", "claude-haiku-4-5"],
      env: { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: llm.anthropicUrl },
    });
    try {
      await until(async () => total(await scrape(bot.url), "tradewatch_ai_decisions_total") >= 2);
      llm.failNext(500);
      await until(
        async () => total(await scrape(bot.url), "tradewatch_ai_request_errors_total") >= 1,
      );
      const cyclesAtError = total(await scrape(bot.url), "tradewatch_cycles_total");
      await until(async () => {
        const text = await scrape(bot.url);
        return (
          total(text, "tradewatch_cycles_total") > cyclesAtError + 20 &&
          total(text, "tradewatch_ai_decisions_total") >= 3
        );
      });
      const text = await scrape(bot.url);
      const model = { model: "claude-haiku-4-5" };
      const requests = total(text, "tradewatch_ai_requests_total", model);
      const failed = total(text, "tradewatch_ai_request_errors_total", model);
      const decisions = total(text, "tradewatch_ai_decisions_total", { action: "buy" });
      expect(failed).toBe(1);
      // One analysis per request; every answered one gave the fake's {"action":"buy","conviction":0.8}.
      expect(total(text, "tradewatch_ai_analyses_total")).toBe(requests);
      expect(decisions).toBeGreaterThanOrEqual(requests - failed - 1);
      expect(total(text, "tradewatch_ai_decision_conviction_sum")).toBeCloseTo(0.8 * decisions, 6);
      expect(total(text, "tradewatch_ai_request_duration_seconds_count", model)).toBe(requests);
      // Tokens and cost of the answered requests only (the failed one is not billed).
      const answered = total(text, "tradewatch_ai_tokens_total", { ...model, direction: "input" });
      expect(answered / fakeUsage.input).toBeGreaterThanOrEqual(requests - failed - 1);
      expect(total(text, "tradewatch_ai_cost_usd_total", model)).toBeGreaterThan(0);
      expect(bot.output()).toContain("AI analyst: a request failed");
    } finally {
      await bot.stop();
    }
  });

  it("asks an OpenAI model the same way when only OPENAI_API_KEY is set", async () => {
    const bot = await startTradewatchRun({
      args: common,
      env: { OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: llm.openaiUrl, ANTHROPIC_API_KEY: "" },
    });
    try {
      await until(
        async () =>
          total(await scrape(bot.url), "tradewatch_ai_requests_total", { model: "gpt-4o-mini" }) >=
          1,
      );
      expect(bot.output()).toContain("AI analyst: openai gpt-4o-mini");
    } finally {
      await bot.stop();
    }
  });

  it("is off without a key: no AI request series, no analyst line", async () => {
    const bot = await startTradewatchRun({
      args: common,
      env: { ANTHROPIC_API_KEY: "", OPENAI_API_KEY: "" },
    });
    try {
      await until(async () => total(await scrape(bot.url), "tradewatch_cycles_total") > 20);
      const text = await scrape(bot.url);
      expect(total(text, "tradewatch_ai_requests_total")).toBe(0);
      expect(bot.output()).not.toContain("AI analyst");
    } finally {
      await bot.stop();
    }
  });
});

describe("parseDecision", () => {
  it("reads the first JSON object with a known action, and nothing else", () => {
    expect(parseDecision('Sure: {"action":"sell","conviction":0.3} done')).toEqual({
      action: "sell",
      conviction: 0.3,
    });
    expect(parseDecision('{"action":"hold"}')).toEqual({ action: "hold" });
    expect(parseDecision("hold")).toBeUndefined();
    expect(parseDecision('{"action":"short","conviction":1}')).toBeUndefined();
    expect(parseDecision("{not json}")).toBeUndefined();
  });
});
