/** @module A Redis cache layer over the user's node-redis or ioredis client. */

import type { CacheLayer } from "../../../catalog/label-values.js";
import type { FeatureCacheLayer } from "./feature-cache-layer.js";

/**
 * The commands the layer uses, common to node-redis (`createClient()`) and ioredis
 * (`new Redis()`): `get`, and `set` with `{ EX }` (node-redis) or `setex` (ioredis).
 */
export interface RedisClientLike {
  get(key: string): Promise<string | null | unknown>;
  set(key: string, value: string, ...options: never[]): Promise<unknown>;
  setex?: (key: string, seconds: number, value: string) => Promise<unknown>;
}

/** Options of {@link redisLayer}. */
export interface RedisLayerOptions {
  readonly layer?: CacheLayer;
  /** Prefix of every key (default `tradewatch:feature:`). */
  readonly prefix?: string;
}

/**
 * A cache layer on the user's Redis client (node-redis or ioredis, connected by the user).
 * A command failing (Redis down) throws, and the feature store falls through to the next layer.
 *
 * @example
 * const redis = await createClient({ url }).connect();
 * const store = new LayeredFeatureStore({ recorder, layers: [redisLayer(redis), postgresLayer(pool)] });
 */
export function redisLayer(
  client: RedisClientLike,
  options: RedisLayerOptions = {},
): FeatureCacheLayer {
  const prefix = options.prefix ?? "tradewatch:feature:";
  const setex = client.setex;
  const set = client.set as (key: string, value: string, ...options: unknown[]) => Promise<unknown>;
  return {
    layer: options.layer ?? "l1",
    async get(key) {
      const value = await client.get(prefix + key);
      return typeof value === "string" ? value : undefined;
    },
    async set(key, value, ttlSeconds) {
      if (ttlSeconds === undefined) await set.call(client, prefix + key, value);
      else if (typeof setex === "function")
        await setex.call(client, prefix + key, Math.ceil(ttlSeconds), value);
      else await set.call(client, prefix + key, value, { EX: Math.ceil(ttlSeconds) });
    },
  };
}
