/** @module Instruments an OpenAI SDK client: `chat.completions.create` and `responses.create` (plain and streamed) record requests, latency, errors, tokens and cost by model. */

import type { TradingRecorder } from "../../../recorder/trading-recorder.js";
import type { InstrumentLlmOptions } from "./instrument-anthropic.js";
import { LlmRequestRecorder, type MutableUsage } from "./llm-request-recorder.js";
import { ModelPrices } from "./model-prices.js";

/** The part of an OpenAI client the wrapper uses (`new OpenAI()` has it). */
export interface OpenAiClientLike {
  readonly chat: { readonly completions: { create: (...args: never[]) => unknown } };
  readonly responses?: { create: (...args: never[]) => unknown };
}

const instrumented = Symbol.for("tradewatch.instrumentLlm");

interface OpenAiUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  input_tokens?: number;
  output_tokens?: number;
}

/**
 * Reads the usage of a chat completion (or its last streamed chunk, sent when the request
 * asks `stream_options: { include_usage: true }`) or of a Responses API response (or its
 * `response.completed` event).
 */
function readOpenAiUsage(item: unknown, usage: MutableUsage): void {
  if (item === null || typeof item !== "object") return;
  const value = item as { usage?: OpenAiUsage | null; response?: { usage?: OpenAiUsage | null } };
  const found = value.usage ?? value.response?.usage;
  if (found === undefined || found === null) return;
  usage.seen = true;
  usage.input = found.prompt_tokens ?? found.input_tokens ?? 0;
  usage.output = found.completion_tokens ?? found.output_tokens ?? 0;
}

/**
 * Instruments an OpenAI client in place and returns it: `chat.completions.create` and
 * `responses.create` record what {@link instrumentAnthropic} records. A streamed chat
 * completion carries token usage only when the request sets
 * `stream_options: { include_usage: true }`; without it the request is counted and timed
 * but neither tokens nor cost are known.
 *
 * @example
 * const openai = instrumentOpenAI(new OpenAI(), recorder);
 * await openai.chat.completions.create({ model: "gpt-4o-mini", messages });
 */
export function instrumentOpenAI<C extends OpenAiClientLike>(
  client: C,
  recorder: TradingRecorder,
  options: InstrumentLlmOptions = {},
): C {
  const calls = new LlmRequestRecorder(recorder, new ModelPrices(options.prices));
  wrapCreate(client.chat.completions, calls);
  if (client.responses !== undefined) wrapCreate(client.responses, calls);
  return client;
}

function wrapCreate(resource: object, calls: LlmRequestRecorder): void {
  const target = resource as Record<string | symbol, unknown>;
  if (target[instrumented] === true) return;
  const create = target.create as (...args: unknown[]) => unknown;
  Object.defineProperty(target, instrumented, { value: true });
  target.create = function instrumentedCreate(this: unknown, ...args: unknown[]) {
    const body = (args[0] ?? {}) as { model?: unknown; stream?: unknown };
    const result = Reflect.apply(create, this, args);
    calls.observe(String(body.model ?? "unknown"), result, body.stream === true, readOpenAiUsage);
    return result;
  };
}
