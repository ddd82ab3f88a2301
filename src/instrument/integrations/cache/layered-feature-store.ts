/** @module Seed 002's MonitoredFeatureStore: layered cache lookups (L1, L2, ...) and a compute function on miss, every step measured. */

import type { TradingRecorder } from "../../../recorder/trading-recorder.js";
import { InstrumentOptionError } from "../../instrument-option-error.js";
import type { FeatureCacheLayer } from "./feature-cache-layer.js";

/** Options of {@link LayeredFeatureStore}. */
export interface LayeredFeatureStoreOptions {
  readonly recorder: TradingRecorder;
  /** Layers, fastest first: e.g. `[redisLayer(redis), postgresLayer(pool)]` or `[memoryLayer()]`. */
  readonly layers: readonly FeatureCacheLayer[];
  /** Time to live of cached values, in seconds (default: no expiry). */
  readonly ttlSeconds?: number;
  /** Lookups the hit ratio (`cache_hit_ratio`) is computed over (default 1,000). */
  readonly ratioWindow?: number;
}

/**
 * A feature store over layered caches. `get(feature, key, compute)` asks each layer in turn
 * (`cache_operation_duration_seconds{layer,operation="get"}`); a hit counts by layer
 * (`cache_hits_total`) and fills the faster layers; a miss everywhere counts
 * (`cache_misses_total`), computes the value (`feature_calculation_duration_seconds`) and
 * stores it in every layer. The whole lookup is `feature_store_query_duration_seconds`, and
 * `cache_hit_ratio` is the share of hits over the last `ratioWindow` lookups. A layer that
 * fails (Redis down) is skipped, as a miss of that layer; values are JSON.
 *
 * @example
 * const store = new LayeredFeatureStore({ recorder, layers: [memoryLayer()], ttlSeconds: 300 });
 * const rsi = await store.get("rsi_14", "BTC/USDT:2026-12-04", () => computeRsi(bars));
 */
export class LayeredFeatureStore {
  private readonly recorder: TradingRecorder;
  private readonly layers: readonly FeatureCacheLayer[];
  private readonly ttlSeconds: number | undefined;
  private readonly ratioWindow: number;
  /** The last `ratioWindow` lookups as a ring: 1 for a hit, 0 for a miss. */
  private readonly recent: Uint8Array;
  private next = 0;
  private lookups = 0;
  private hitsInWindow = 0;

  constructor(options: LayeredFeatureStoreOptions) {
    this.recorder = options.recorder;
    this.layers = options.layers;
    this.ttlSeconds = options.ttlSeconds;
    this.ratioWindow = options.ratioWindow ?? 1000;
    if (!Number.isInteger(this.ratioWindow) || this.ratioWindow < 1) {
      throw new InstrumentOptionError(
        "ratioWindow",
        `LayeredFeatureStore ratioWindow must be an integer >= 1, was ${String(options.ratioWindow)}`,
      );
    }
    this.recent = new Uint8Array(this.ratioWindow);
  }

  /** The value of `feature` at `key`: from the first layer that has it, else computed and cached. */
  async get<T>(feature: string, key: string, compute: () => T | Promise<T>): Promise<T> {
    const start = performance.now();
    const cacheKey = `${feature}:${key}`;
    try {
      for (let i = 0; i < this.layers.length; i += 1) {
        const layer = this.layers[i] as FeatureCacheLayer;
        const value = await this.timed(layer, "get", () => layer.get(cacheKey));
        if (value === undefined) continue;
        this.recorder.recordCacheHit(layer.layer);
        this.count(true);
        if (i > 0) await this.fill(this.layers.slice(0, i), cacheKey, value);
        return JSON.parse(value) as T;
      }
      this.recorder.recordCacheMiss();
      this.count(false);
      const value = await this.recorder.trackFeatureCalculation(
        feature,
        async () => await compute(),
      );
      await this.fill(this.layers, cacheKey, JSON.stringify(value));
      return value;
    } finally {
      this.recorder.recordFeatureStoreQuery((performance.now() - start) / 1000);
    }
  }

  private count(hit: boolean): void {
    if (this.lookups === this.ratioWindow) this.hitsInWindow -= this.recent[this.next] ?? 0;
    else this.lookups += 1;
    this.recent[this.next] = hit ? 1 : 0;
    if (hit) this.hitsInWindow += 1;
    this.next = (this.next + 1) % this.ratioWindow;
    this.recorder.updateCacheMetrics(this.hitsInWindow, this.lookups - this.hitsInWindow);
  }

  private async fill(
    layers: readonly FeatureCacheLayer[],
    key: string,
    value: string,
  ): Promise<void> {
    await Promise.all(
      layers.map((layer) => this.timed(layer, "set", () => layer.set(key, value, this.ttlSeconds))),
    );
  }

  /** Runs one layer operation, timing it; a failure is an error of the storage component and yields undefined. */
  private async timed<R>(
    layer: FeatureCacheLayer,
    operation: "get" | "set",
    run: () => Promise<R>,
  ): Promise<R | undefined> {
    const start = performance.now();
    try {
      return await run();
    } catch {
      this.recorder.recordError("storage", "warning");
      return undefined;
    } finally {
      this.recorder.recordCacheOperation(
        layer.layer,
        operation,
        (performance.now() - start) / 1000,
      );
    }
  }
}
