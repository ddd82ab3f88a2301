import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  instrumentAnthropic,
  instrumentOpenAI,
  MonitoredTradingAgent,
} from "../../../src/instrument/index.js";
import { Registry } from "../../../src/metrics/index.js";
import { createRecorder } from "../../../src/recorder/index.js";
import { findSamples, sampleValue } from "../parse-scrape.js";
import { type FakeLlm, fakeUsage, startFakeLlm } from "./fake-llm.js";

const claude = "claude-sonnet-4-5";
const gpt = "gpt-4o-mini";
const messages = [{ role: "user" as const, content: "BTC/USDT?" }];

function setup() {
  const registry = new Registry();
  const recorder = createRecorder({
    registry,
    symbols: ["BTC/USDT"],
    universes: { model: [claude, gpt] },
  });
  return { registry, recorder };
}

describe("LLM SDK wrappers against a local server speaking the providers' wire formats", () => {
  let fake: FakeLlm;
  beforeAll(async () => {
    fake = await startFakeLlm();
  });
  afterAll(async () => {
    await fake.stop();
  });

  it("Anthropic: tokens and cost from usage, a stream counted when it ends, a failed call typed and not billed", async () => {
    const { registry, recorder } = setup();
    const client = instrumentAnthropic(
      new Anthropic({ apiKey: "test", baseURL: fake.anthropicUrl, maxRetries: 0 }),
      recorder,
    );
    const message = await client.messages.create({ model: claude, max_tokens: 64, messages });
    expect(message.usage.output_tokens).toBe(fakeUsage.output);

    const stream = await client.messages.create({
      model: claude,
      max_tokens: 64,
      messages,
      stream: true,
    });
    let text = await registry.metrics();
    const ok = { model: claude, outcome: "success" };
    expect(sampleValue(text, "tradewatch_ai_requests_total", ok)).toBe(1); // the stream is not over yet
    const events: string[] = [];
    for await (const event of stream) events.push(event.type);
    expect(events.at(-1)).toBe("message_stop");

    fake.failNext(429);
    await expect(
      client.messages.create({ model: claude, max_tokens: 64, messages }),
    ).rejects.toBeInstanceOf(Anthropic.RateLimitError);

    text = await registry.metrics();
    expect(sampleValue(text, "tradewatch_ai_requests_total", ok)).toBe(2);
    expect(
      sampleValue(text, "tradewatch_ai_requests_total", { model: claude, outcome: "error" }),
    ).toBe(1);
    expect(
      sampleValue(text, "tradewatch_ai_request_errors_total", {
        model: claude,
        error_type: "rate_limit",
      }),
    ).toBe(1);
    expect(
      sampleValue(text, "tradewatch_ai_request_duration_seconds_count", { model: claude }),
    ).toBe(3);
    expect(
      sampleValue(text, "tradewatch_ai_tokens_total", { model: claude, direction: "input" }),
    ).toBe(240);
    expect(
      sampleValue(text, "tradewatch_ai_tokens_total", { model: claude, direction: "output" }),
    ).toBe(80);
    // claude-sonnet-4-5 at $3 in / $15 out per million tokens, twice; the 429 costs nothing.
    expect(sampleValue(text, "tradewatch_ai_cost_usd_total", { model: claude })).toBeCloseTo(
      (2 * (120 * 3 + 40 * 15)) / 1e6,
      12,
    );
  });

  it("OpenAI: chat completions plain and streamed (usage in the last chunk), a 500 typed, a custom price", async () => {
    const { registry, recorder } = setup();
    const client = instrumentOpenAI(
      new OpenAI({ apiKey: "test", baseURL: fake.openaiUrl, maxRetries: 0 }),
      recorder,
      { prices: { [gpt]: { input: 1, output: 2 } } },
    );
    const completion = await client.chat.completions.create({ model: gpt, messages });
    expect(completion.choices[0]?.message.content).toBe("sell");
    const stream = await client.chat.completions.create({
      model: gpt,
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let content = "";
    for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? "";
    expect(content).toBe("sell");
    fake.failNext(500);
    await expect(client.chat.completions.create({ model: gpt, messages })).rejects.toBeInstanceOf(
      OpenAI.InternalServerError,
    );

    const text = await registry.metrics();
    expect(
      sampleValue(text, "tradewatch_ai_requests_total", { model: gpt, outcome: "success" }),
    ).toBe(2);
    expect(
      sampleValue(text, "tradewatch_ai_request_errors_total", {
        model: gpt,
        error_type: "server_error",
      }),
    ).toBe(1);
    expect(
      sampleValue(text, "tradewatch_ai_tokens_total", { model: gpt, direction: "output" }),
    ).toBe(80);
    expect(sampleValue(text, "tradewatch_ai_cost_usd_total", { model: gpt })).toBeCloseTo(
      (2 * (120 * 1 + 40 * 2)) / 1e6,
      12,
    );
  });

  it("MonitoredTradingAgent counts analyses and decisions by action and conviction", async () => {
    const { registry, recorder } = setup();
    const client = instrumentAnthropic(
      new Anthropic({ apiKey: "test", baseURL: fake.anthropicUrl, maxRetries: 0 }),
      recorder,
    );
    const agent = new MonitoredTradingAgent(recorder, async () => {
      const reply = await client.messages.create({ model: claude, max_tokens: 64, messages });
      const block = reply.content[0];
      return JSON.parse(block?.type === "text" ? block.text : "{}") as {
        action: "buy";
        conviction: number;
      };
    });
    expect((await agent.analyze("BTC/USDT")).action).toBe("buy");
    await agent.analyze("BTC/USDT");
    const text = await registry.metrics();
    expect(sampleValue(text, "tradewatch_ai_analyses_total")).toBe(2);
    expect(
      sampleValue(text, "tradewatch_ai_decisions_total", { symbol: "BTC/USDT", action: "buy" }),
    ).toBe(2);
    expect(sampleValue(text, "tradewatch_ai_decision_conviction_count")).toBe(2);
    expect(sampleValue(text, "tradewatch_ai_decision_conviction_sum")).toBeCloseTo(1.6);
    expect(
      sampleValue(text, "tradewatch_ai_requests_total", { model: claude, outcome: "success" }),
    ).toBe(2);
  });

  it("trackAiRequest does not bill its fixed cost when the request throws or rejects", async () => {
    const { registry, recorder } = setup();
    recorder.trackAiRequest(claude, 0.5, () => "ok");
    expect(() =>
      recorder.trackAiRequest(claude, 0.5, () => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    await expect(
      recorder.trackAiRequest(claude, 0.5, async () => Promise.reject(new Error("down"))),
    ).rejects.toThrow("down");
    const text = await registry.metrics();
    expect(sampleValue(text, "tradewatch_ai_cost_usd_total", { model: claude })).toBe(0.5);
    expect(
      findSamples(text, "tradewatch_ai_requests_total", { model: claude, outcome: "error" })[0]
        ?.value,
    ).toBe(2);
  });
});
