/** @module The contract of one layer of the layered feature store (in-process, Redis, Postgres). */

import type { CacheLayer } from "../../../catalog/label-values.js";

/** One cache layer: string values by key, with an optional time to live. */
export interface FeatureCacheLayer {
  /** The catalog's layer label (`l1`, `l2`, `l3`). */
  readonly layer: CacheLayer;
  /** The value at `key`, or undefined when absent or expired. Throws when the store is unreachable. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` at `key` for `ttlSeconds` (no expiry when undefined). */
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
}
