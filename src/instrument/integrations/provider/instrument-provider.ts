/** @module Instruments any market-data or alternative-data fetch: requests, duration, errors by type, rate-limit hits, cache hit ratio and data age. */

import type { TradingRecorder } from "../../../recorder/trading-recorder.js";
import { InstrumentOptionError } from "../../instrument-option-error.js";

/** Options of {@link instrumentProvider}. */
export interface InstrumentProviderOptions<R> {
  /** When the data in a result was produced (epoch milliseconds or a Date): sets `provider_data_age_seconds`. */
  readonly dataTime?: (result: R) => number | Date | undefined;
  /** Whether a result was served from the provider's (or your) cache: sets `provider_cache_hit_ratio`. */
  readonly cacheHit?: (result: R) => boolean;
  /** How many recent calls the cache hit ratio is computed over (default 100). */
  readonly cacheWindow?: number;
  /** The clock, epoch milliseconds (default `Date.now`). */
  readonly now?: () => number;
}

/** A failed HTTP answer returned as a value (a fetch `Response` with `ok: false`). */
class ProviderStatusError extends Error {
  readonly status: number;
  constructor(provider: string, status: number) {
    super(`Provider "${provider}" answered HTTP ${status}`);
    this.status = status;
  }
}

/**
 * Wraps `fetch` (sync or async) so that each call records, for provider `name`: a request
 * and its duration, and on failure its error type (a rate-limit error also counts a
 * rate-limit hit). A result that is a fetch `Response` with `ok: false` counts as a failed
 * call with its status (the response is still returned). With `dataTime` the data's age is
 * set on success; with `cacheHit` the hit ratio over the last `cacheWindow` calls. Configure
 * the provider names in the recorder's `provider` universe.
 *
 * @example
 * const news = instrumentProvider("news_api", (q: string) => fetch(`${base}?q=${q}`), recorder);
 */
export function instrumentProvider<Args extends unknown[], R>(
  name: string,
  fetch: (...args: Args) => R,
  recorder: TradingRecorder,
  options: InstrumentProviderOptions<Awaited<R>> = {},
): (...args: Args) => R {
  const window = options.cacheWindow ?? 100;
  if (!Number.isInteger(window) || window < 1) {
    throw new InstrumentOptionError(
      "cacheWindow",
      `instrumentProvider cacheWindow must be an integer >= 1, was ${String(window)}`,
    );
  }
  const now = options.now ?? Date.now;
  const recentHits: boolean[] = [];
  let hitsInWindow = 0;

  const succeeded = (result: Awaited<R>, seconds: number) => {
    const status = failedStatus(result);
    recorder.recordProviderRequest(
      name,
      seconds,
      status === undefined ? undefined : new ProviderStatusError(name, status),
    );
    if (status !== undefined) return;
    if (options.dataTime !== undefined) {
      const time = options.dataTime(result);
      if (time !== undefined) {
        const ms = typeof time === "number" ? time : time.getTime();
        recorder.recordProviderDataAge(name, (now() - ms) / 1000);
      }
    }
    if (options.cacheHit !== undefined) {
      const hit = options.cacheHit(result);
      recentHits.push(hit);
      if (hit) hitsInWindow += 1;
      if (recentHits.length > window && recentHits.shift() === true) hitsInWindow -= 1;
      recorder.recordProviderCacheHitRatio(name, hitsInWindow / recentHits.length);
    }
  };

  return function instrumentedProvider(this: unknown, ...args: Args): R {
    const start = performance.now();
    const seconds = () => (performance.now() - start) / 1000;
    let result: R;
    try {
      result = Reflect.apply(fetch, this, args) as R;
    } catch (error) {
      recorder.recordProviderRequest(name, seconds(), error);
      throw error;
    }
    if (!isThenable(result)) {
      succeeded(result as Awaited<R>, seconds());
      return result;
    }
    return (result as PromiseLike<Awaited<R>>).then(
      (value) => {
        succeeded(value, seconds());
        return value;
      },
      (error: unknown) => {
        recorder.recordProviderRequest(name, seconds(), error);
        throw error;
      },
    ) as R;
  };
}

function failedStatus(result: unknown): number | undefined {
  if (result === null || typeof result !== "object") return undefined;
  const response = result as { ok?: unknown; status?: unknown };
  return response.ok === false && typeof response.status === "number" ? response.status : undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
