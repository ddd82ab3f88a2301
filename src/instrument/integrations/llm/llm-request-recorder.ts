/** @module Records one AI SDK call: requests by model, latency, errors by type, tokens and cost; streamed calls when their stream ends. */

import type { AiTokenDirection } from "../../../catalog/domains/ai.js";
import { normalizeApiErrorType } from "../../../recorder/normalizers/api-error-type.js";
import type { TradingRecorder } from "../../../recorder/trading-recorder.js";
import type { ModelPrices, TokenUsage } from "./model-prices.js";

/** Reads token usage from a response or from one stream event, accumulating into `usage`. */
export type UsageReader = (item: unknown, usage: MutableUsage) => void;

/** Token counts gathered while a response or stream is read. */
export interface MutableUsage {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
  seen: boolean;
}

const directions: readonly AiTokenDirection[] = ["input", "output"];

/** Records AI SDK calls into a recorder; shared by the Anthropic and OpenAI wrappers. */
export class LlmRequestRecorder {
  private readonly recorder: TradingRecorder;
  private readonly prices: ModelPrices;

  constructor(recorder: TradingRecorder, prices: ModelPrices) {
    this.recorder = recorder;
    this.prices = prices;
  }

  /** A request that completed: counted, timed, its tokens counted and billed. */
  succeeded(model: string, seconds: number, usage: TokenUsage | undefined): void {
    const cost = usage === undefined ? 0 : this.prices.cost(model, usage);
    this.recorder.recordAiRequest(model, seconds, cost, true);
    if (usage === undefined) return;
    const input = usage.input + (usage.cacheWrite ?? 0) + (usage.cacheRead ?? 0);
    const counts = [input, usage.output];
    for (let i = 0; i < directions.length; i += 1) {
      const count = counts[i] ?? 0;
      if (count > 0)
        this.recorder.inc("ai_tokens", count, { model, direction: directions[i] ?? "input" });
    }
  }

  /** A request that failed: counted and timed, its error typed, not billed. */
  failed(model: string, seconds: number, error: unknown): void {
    this.recorder.recordAiRequest(model, seconds, 0, false);
    this.recorder.inc("ai_request_errors", { model, error_type: normalizeApiErrorType(error) });
  }

  /**
   * Observes the promise an SDK method returned, without replacing it (its extra methods,
   * such as `withResponse()`, stay): a response is recorded when it resolves; a stream (when
   * `streamed`) is recorded when its iteration ends, with the usage its events carried.
   */
  observe(model: string, result: unknown, streamed: boolean, readUsage: UsageReader): void {
    const start = performance.now();
    const elapsed = () => (performance.now() - start) / 1000;
    if (!isThenable(result)) return;
    result.then(
      (value) => {
        if (streamed && isAsyncIterable(value)) {
          watchStream(value, readUsage, (failed, error, usage) => {
            if (failed) this.failed(model, elapsed(), error);
            else this.succeeded(model, elapsed(), usage.seen ? usage : undefined);
          });
          return;
        }
        const usage = emptyUsage();
        readUsage(value, usage);
        this.succeeded(model, elapsed(), usage.seen ? usage : undefined);
      },
      (error: unknown) => this.failed(model, elapsed(), error),
    );
  }
}

function emptyUsage(): MutableUsage {
  return { input: 0, output: 0, cacheWrite: 0, cacheRead: 0, seen: false };
}

/**
 * Wraps the async iterator of an SDK stream instance so that `onEnd` runs once when the
 * iteration finishes, fails, or is stopped by the reader (`break`), with the usage read.
 */
function watchStream(
  stream: AsyncIterable<unknown>,
  readUsage: UsageReader,
  onEnd: (failed: boolean, error: unknown, usage: MutableUsage) => void,
): void {
  const iterate = stream[Symbol.asyncIterator];
  const usage = emptyUsage();
  let ended = false;
  const finish = (failed: boolean, error: unknown) => {
    if (ended) return;
    ended = true;
    onEnd(failed, error, usage);
  };
  Object.defineProperty(stream, Symbol.asyncIterator, {
    configurable: true,
    writable: true,
    value: function watchedIterator(this: unknown) {
      const iterator = Reflect.apply(iterate, this, []) as AsyncIterator<unknown>;
      const watched: AsyncIterableIterator<unknown> = {
        async next(...args: [] | [unknown]) {
          try {
            const step = await iterator.next(...args);
            if (step.done === true) finish(false, undefined);
            else readUsage(step.value, usage);
            return step;
          } catch (error) {
            finish(true, error);
            throw error;
          }
        },
        async return(value?: unknown) {
          finish(false, undefined);
          return iterator.return === undefined
            ? { done: true, value }
            : await iterator.return(value);
        },
        async throw(error?: unknown) {
          finish(true, error);
          if (iterator.throw === undefined) throw error;
          return await iterator.throw(error);
        },
        [Symbol.asyncIterator]() {
          return watched;
        },
      };
      return watched;
    },
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function"
  );
}
