/** @module Prices of AI models per million tokens, looked up by the longest matching model-name prefix. */

import { InstrumentOptionError } from "../../instrument-option-error.js";

/** USD per million tokens. Cache prices default to the input price (no cache pricing). */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  /** Prompt tokens written to a prompt cache (Anthropic `cache_creation_input_tokens`). */
  readonly cacheWrite?: number;
  /** Prompt tokens read from a prompt cache (Anthropic `cache_read_input_tokens`). */
  readonly cacheRead?: number;
}

/** Token counts of one completed request. */
export interface TokenUsage {
  /** Prompt tokens billed at the input price. */
  readonly input: number;
  readonly output: number;
  readonly cacheWrite?: number;
  readonly cacheRead?: number;
}

const anthropic = (input: number, output: number): ModelPrice => ({
  input,
  output,
  cacheWrite: input * 1.25,
  cacheRead: input * 0.1,
});

/**
 * List prices (USD per million tokens) of current Anthropic and OpenAI models, keyed by model
 * name prefix so dated snapshots match (`claude-sonnet-4-5-20250929`, `gpt-4o-2024-08-06`).
 * Prices change: pass your own table to keep them true.
 */
export const defaultModelPrices: Readonly<Record<string, ModelPrice>> = {
  "claude-opus-4-5": anthropic(5, 25),
  "claude-opus-4-1": anthropic(15, 75),
  "claude-opus-4": anthropic(15, 75),
  "claude-sonnet-4": anthropic(3, 15),
  "claude-3-7-sonnet": anthropic(3, 15),
  "claude-3-5-sonnet": anthropic(3, 15),
  "claude-haiku-4-5": anthropic(1, 5),
  "claude-3-5-haiku": anthropic(0.8, 4),
  "claude-3-haiku": anthropic(0.25, 1.25),
  "gpt-5-nano": { input: 0.05, output: 0.4 },
  "gpt-5-mini": { input: 0.25, output: 2 },
  "gpt-5": { input: 1.25, output: 10 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4o": { input: 2.5, output: 10 },
  "o4-mini": { input: 1.1, output: 4.4 },
  o3: { input: 2, output: 8 },
};

/** Computes the cost of a request from its token usage through a price table. */
export class ModelPrices {
  private readonly prefixes: readonly (readonly [string, ModelPrice])[];
  private readonly cache = new Map<string, ModelPrice | undefined>();

  /** `prices` replace the defaults for the models they name; the other defaults stay. */
  constructor(prices: Readonly<Record<string, ModelPrice>> = {}, defaults = defaultModelPrices) {
    const merged = { ...defaults, ...prices };
    for (const [model, price] of Object.entries(merged)) {
      for (const [field, value] of Object.entries(price)) {
        if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
          throw new InstrumentOptionError(
            "prices",
            `Price ${field} of model "${model}" must be a finite number >= 0 USD per million tokens, was ${String(value)}`,
          );
        }
      }
    }
    this.prefixes = Object.entries(merged).sort(([a], [b]) => b.length - a.length);
  }

  /** The price of `model`: the entry with the longest name prefix of it, or undefined. */
  priceOf(model: string): ModelPrice | undefined {
    if (this.cache.has(model)) return this.cache.get(model);
    const found = this.prefixes.find(([prefix]) => model.startsWith(prefix))?.[1];
    if (this.cache.size < 1000) this.cache.set(model, found);
    return found;
  }

  /** USD cost of `usage` on `model`; 0 for a model without a price. */
  cost(model: string, usage: TokenUsage): number {
    const price = this.priceOf(model);
    if (price === undefined) return 0;
    const micro =
      usage.input * price.input +
      usage.output * price.output +
      (usage.cacheWrite ?? 0) * (price.cacheWrite ?? price.input) +
      (usage.cacheRead ?? 0) * (price.cacheRead ?? price.input);
    return micro / 1_000_000;
  }
}
