/** @module Instruments an Anthropic SDK client: `messages.create` (plain and streamed) records requests, latency, errors, tokens and cost by model. */

import type { TradingRecorder } from "../../../recorder/trading-recorder.js";
import { LlmRequestRecorder, type MutableUsage } from "./llm-request-recorder.js";
import { type ModelPrice, ModelPrices } from "./model-prices.js";

/** Options of the LLM client wrappers. */
export interface InstrumentLlmOptions {
  /** Prices per million tokens by model-name prefix; they replace the defaults they name. */
  readonly prices?: Readonly<Record<string, ModelPrice>>;
}

/** The part of an Anthropic client the wrapper uses (`new Anthropic()` has it). */
export interface AnthropicClientLike {
  readonly messages: { create: (...args: never[]) => unknown };
}

const instrumented = Symbol.for("tradewatch.instrumentLlm");

interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/** Reads a Message's usage, or a stream event's (`message_start` input, `message_delta` output so far). */
function readAnthropicUsage(item: unknown, usage: MutableUsage): void {
  if (item === null || typeof item !== "object") return;
  const event = item as {
    type?: string;
    usage?: AnthropicUsage;
    message?: { usage?: AnthropicUsage };
  };
  const found = event.type === "message_start" ? event.message?.usage : event.usage;
  if (found === undefined || found === null) return;
  usage.seen = true;
  if (typeof found.input_tokens === "number") usage.input = found.input_tokens;
  if (typeof found.output_tokens === "number") usage.output = found.output_tokens;
  if (typeof found.cache_creation_input_tokens === "number")
    usage.cacheWrite = found.cache_creation_input_tokens;
  if (typeof found.cache_read_input_tokens === "number")
    usage.cacheRead = found.cache_read_input_tokens;
}

/**
 * Instruments an Anthropic client in place and returns it: each `messages.create` call counts
 * a request of its `model` (`ai_requests_total`), its latency, and on success its input and
 * output tokens (`ai_tokens_total`) and cost (`ai_cost_usd_total`, from the usage through the
 * price table). A failed call counts its error type (`ai_request_errors_total`) and is not
 * billed. A streamed call (`stream: true`, or `messages.stream()`) is recorded when its
 * stream ends. The returned `APIPromise` is the SDK's own. Configure the model names in the
 * recorder's `model` universe.
 *
 * @example
 * const claude = instrumentAnthropic(new Anthropic(), recorder);
 * await claude.messages.create({ model: "claude-sonnet-4-5", max_tokens: 512, messages });
 */
export function instrumentAnthropic<C extends AnthropicClientLike>(
  client: C,
  recorder: TradingRecorder,
  options: InstrumentLlmOptions = {},
): C {
  const messages = client.messages as unknown as Record<string | symbol, unknown>;
  if (messages[instrumented] === true) return client;
  const calls = new LlmRequestRecorder(recorder, new ModelPrices(options.prices));
  const create = messages.create as (...args: unknown[]) => unknown;
  Object.defineProperty(messages, instrumented, { value: true });
  messages.create = function instrumentedCreate(this: unknown, ...args: unknown[]) {
    const body = (args[0] ?? {}) as { model?: unknown; stream?: unknown };
    const result = Reflect.apply(create, this, args);
    calls.observe(
      String(body.model ?? "unknown"),
      result,
      body.stream === true,
      readAnthropicUsage,
    );
    return result;
  };
  return client;
}
