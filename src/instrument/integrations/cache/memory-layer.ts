/** @module An in-process cache layer (least recently used, with expiry) for the feature store without servers. */

import type { CacheLayer } from "../../../catalog/label-values.js";
import type { FeatureCacheLayer } from "./feature-cache-layer.js";

/** Options of {@link memoryLayer}. */
export interface MemoryLayerOptions {
  readonly layer?: CacheLayer;
  /** Entries kept; the least recently used goes first (default 10,000). */
  readonly maxEntries?: number;
  /** The clock, epoch milliseconds (default `Date.now`). */
  readonly now?: () => number;
}

/**
 * An in-process L1: a Map in least-recently-used order, entries expiring after their TTL.
 *
 * @example
 * const store = new LayeredFeatureStore({ recorder, layers: [memoryLayer()] });
 */
export function memoryLayer(options: MemoryLayerOptions = {}): FeatureCacheLayer {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  return {
    layer: options.layer ?? "l1",
    async get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= now()) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    async set(key, value, ttlSeconds) {
      entries.delete(key);
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      const expiresAt =
        ttlSeconds === undefined ? Number.POSITIVE_INFINITY : now() + ttlSeconds * 1000;
      entries.set(key, { value, expiresAt });
    },
  };
}
