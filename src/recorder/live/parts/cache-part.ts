/** @module The recorder's cache part: cache hits and misses, operation latency, feature calculation and store queries. */

import type { CacheLayer, CacheOperation } from "../../../catalog/label-values.js";
import { observeCall } from "../../observe-call.js";
import { clampRatio } from "../../ratio-argument.js";
import type { TradingRecorder } from "../../trading-recorder.js";
import type { CatalogFamilies } from "../catalog-families.js";
import type { HandleOf } from "../catalog-family.js";

const noArguments: readonly [] = [];

/** Records the cache domain. */
export class CachePart
  implements
    Pick<
      TradingRecorder,
      | "recordCacheHit"
      | "recordCacheMiss"
      | "updateCacheMetrics"
      | "recordCacheOperation"
      | "trackFeatureCalculation"
      | "recordFeatureStoreQuery"
    >
{
  private readonly hits;
  private readonly operationDuration;
  private readonly featureCalculation;
  private readonly misses: HandleOf<"counter">;
  private readonly hitRatio: HandleOf<"gauge">;
  private readonly featureStoreQuery: HandleOf<"histogram">;

  constructor(families: CatalogFamilies) {
    this.hits = families.get("cache_hits");
    this.operationDuration = families.get("cache_operation_duration");
    this.featureCalculation = families.get("feature_calculation_duration");
    this.misses = families.get("cache_misses").handle0();
    this.hitRatio = families.get("cache_hit_ratio").handle0();
    this.featureStoreQuery = families.get("feature_store_query_duration").handle0();
  }

  recordCacheHit(layer: CacheLayer): void {
    this.hits.handle1(layer).inc();
  }

  recordCacheMiss(): void {
    this.misses.inc();
  }

  updateCacheMetrics(hits: number, misses: number): void {
    const total = hits + misses;
    this.hitRatio.set(total > 0 ? clampRatio(hits / total) : 0);
  }

  recordCacheOperation(layer: CacheLayer, operation: CacheOperation, seconds: number): void {
    this.operationDuration.handle2(layer, operation).observe(seconds);
  }

  trackFeatureCalculation<T>(feature: string, calculate: () => T): T {
    const handle = this.featureCalculation.handle1(feature);
    return observeCall(calculate, undefined, noArguments, (_failed, _thrown, seconds) =>
      handle.observe(seconds),
    );
  }

  recordFeatureStoreQuery(seconds: number): void {
    this.featureStoreQuery.observe(seconds);
  }
}
