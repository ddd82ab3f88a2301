/** @module `tradewatch run`'s feature store: the strategies' features through the LayeredFeatureStore (in-process L1, Redis L2 and Postgres L3 with --redis-url / --postgres-url), and those databases' metrics. */
import pg from "pg";
import { createClient } from "redis";
import type { FeatureCache } from "../../bot/strategy/feature-cache.js";
import type { FeatureCacheLayer } from "../../instrument/integrations/cache/feature-cache-layer.js";
import { LayeredFeatureStore } from "../../instrument/integrations/cache/layered-feature-store.js";
import { postgresLayer } from "../../instrument/integrations/cache/postgres-layer.js";
import { redisLayer } from "../../instrument/integrations/cache/redis-layer.js";
import { instrumentPgPool } from "../../instrument/integrations/database/instrument-pg-pool.js";
import { instrumentRedisConnection } from "../../instrument/integrations/database/instrument-redis-connection.js";
import type { TradingRecorder } from "../../recorder/trading-recorder.js";

/** The help lines of the feature-store flags. */
export const featureStoreHelp = `Feature store (the strategies' shared features, cached per symbol and bar)
  --redis-url <url>         Redis as the L2 cache and its database metrics (env
                            TRADEWATCH_REDIS_URL), e.g. redis://127.0.0.1:6379
  --postgres-url <url>      PostgreSQL as the L3 cache (table tradewatch_feature_cache) and its
                            database metrics (env TRADEWATCH_POSTGRES_URL)
                            (without them: an in-process L1 only)`;

/** Where the feature store's lower layers are. */
export interface FeatureStoreSettings {
  readonly redisUrl: string | undefined;
  readonly postgresUrl: string | undefined;
}

/** The flags' values, as parseArgs gives them. */
export interface FeatureStoreFlagValues {
  readonly "redis-url"?: string | undefined;
  readonly "postgres-url"?: string | undefined;
}

/** Returns the feature-store settings from the flags, over the environment. */
export function featureStoreSettings(
  values: FeatureStoreFlagValues,
  env: NodeJS.ProcessEnv,
): FeatureStoreSettings {
  const nonEmpty = (value: string | undefined) =>
    value === undefined || value === "" ? undefined : value;
  return {
    redisUrl: nonEmpty(values["redis-url"]) ?? nonEmpty(env.TRADEWATCH_REDIS_URL),
    postgresUrl: nonEmpty(values["postgres-url"]) ?? nonEmpty(env.TRADEWATCH_POSTGRES_URL),
  };
}

/** Entries the in-process L1 keeps (the oldest goes first). */
const l1Entries = 10_000;

/**
 * The bot's {@link FeatureCache} over a {@link LayeredFeatureStore}. A strategy's lookup is
 * synchronous while Redis and Postgres are not, so it answers from the in-process L1 (a Map
 * that is the store's L1 layer too, plus the values computed since its last store lookup ran)
 * or computes the value at once (timed as
 * `feature_calculation_duration_seconds`), and queues the store's lookup of the same key: the
 * queue runs one lookup after the other, so the store counts the hit (by layer) or the miss,
 * times every layer operation and fills the layers. Values are therefore always those the
 * strategy computed or cached itself this run; a restart with Redis or Postgres hits their
 * layers for the bars the earlier run saw. Before {@link attach}, features are computed directly.
 */
export class RunFeatureCache implements FeatureCache {
  readonly #l1 = new Map<string, string>();
  /** Values computed this cycle whose store lookup has not run yet. */
  readonly #unsettled = new Map<string, number>();
  #store: LayeredFeatureStore | undefined;
  #recorder: TradingRecorder | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #pending = 0;

  /** The in-process layer, over the same Map the synchronous lookups read. */
  readonly l1Layer: FeatureCacheLayer = {
    layer: "l1",
    get: async (key) => this.#l1.get(key),
    set: async (key, value) => this.#remember(key, value),
  };

  /** Starts caching through `store`, calculations recorded in `recorder`. */
  attach(store: LayeredFeatureStore, recorder: TradingRecorder): void {
    this.#store = store;
    this.#recorder = recorder;
  }

  get(feature: string, symbol: string, barTime: number, compute: () => number): number {
    const store = this.#store;
    const recorder = this.#recorder;
    if (store === undefined || recorder === undefined) return compute();
    const key = `${symbol}:${barTime}`;
    const cacheKey = `${feature}:${key}`;
    const cached = this.#l1.get(cacheKey);
    const value =
      cached !== undefined
        ? Number(JSON.parse(cached))
        : (this.#unsettled.get(cacheKey) ?? recorder.trackFeatureCalculation(feature, compute));
    // A backlog (stores far slower than the bars) is dropped rather than queued without bound.
    if (this.#pending >= 1_000) return value;
    // Computed here and not yet in L1: the next strategy reads it from #unsettled (its queued
    // lookup comes after this one's, which stores the value in every layer).
    const fresh = cached === undefined && !this.#unsettled.has(cacheKey);
    if (fresh) this.#unsettled.set(cacheKey, value);
    this.#pending += 1;
    this.#queue = this.#queue
      .then(() => store.get(feature, key, () => value))
      .catch(() => undefined)
      .finally(() => {
        this.#pending -= 1;
        if (fresh) this.#unsettled.delete(cacheKey);
      });
    return value;
  }

  /** Resolves once the queued lookups have run. */
  async drain(): Promise<void> {
    while (this.#pending > 0) await this.#queue;
  }

  #remember(key: string, value: string): void {
    this.#l1.delete(key);
    if (this.#l1.size >= l1Entries) {
      const oldest = this.#l1.keys().next().value;
      if (oldest !== undefined) this.#l1.delete(oldest);
    }
    this.#l1.set(key, value);
  }
}

/** The running feature store's clients. */
export interface RunningFeatureStore {
  stop(): Promise<void>;
}

/**
 * Plugs the LayeredFeatureStore into `cache`: L1 in process, L2 Redis and L3 Postgres when
 * their URLs are given, each client instrumented (database_connection_up,
 * database_query_duration_seconds, database_connection_pool_usage_ratio). A server that is
 * down at start is one warning line: its layer fails over to the next until it is back.
 */
export async function startFeatureStore(
  cache: RunFeatureCache,
  recorder: TradingRecorder,
  settings: FeatureStoreSettings,
  warn: (line: string) => void,
): Promise<RunningFeatureStore> {
  const layers: FeatureCacheLayer[] = [cache.l1Layer];
  const closers: (() => Promise<unknown>)[] = [];
  if (settings.redisUrl !== undefined) {
    const redis = instrumentRedisConnection(
      createClient({
        url: settings.redisUrl,
        // A command while Redis is down fails at once (the layer is skipped) instead of queueing.
        disableOfflineQueue: true,
        socket: { reconnectStrategy: (retries: number) => Math.min(250 * 2 ** retries, 5_000) },
      }),
      recorder,
    );
    // connect() retries until Redis answers: the bot starts after 2 s at most, with Redis'
    // layer failing over to the next until the client is ready.
    const started = performance.now();
    const connected = redis.connect().then(
      () => {
        recorder.recordDatabaseQuery("redis", "read", (performance.now() - started) / 1000);
        return true;
      },
      () => false,
    );
    const timeout = new Promise<false>((resolve) =>
      setTimeout(() => resolve(false), 2_000).unref(),
    );
    if (!(await Promise.race([connected, timeout])))
      warn(`Redis at ${redactedUrl(settings.redisUrl)} is unreachable; retrying in the background`);
    layers.push(timedRedisLayer(redisLayer(redis, { layer: "l2" }), recorder));
    closers.push(async () => {
      if (redis.isOpen) await redis.close().catch(() => undefined);
      else redis.destroy();
    });
  }
  const postgresUrl = settings.postgresUrl;
  if (postgresUrl !== undefined) {
    const pool = instrumentPgPool(
      new pg.Pool({ connectionString: postgresUrl, max: 4, connectionTimeoutMillis: 2_000 }),
      recorder,
    );
    // An idle client's lost connection is an "error" event of the pool: recorded, never thrown.
    pool.on("error", () => recorder.recordError("storage", "error"));
    await pool
      .query("SELECT 1")
      .catch((error: unknown) =>
        warn(`PostgreSQL at ${redactedUrl(postgresUrl)} is unreachable: ${String(error)}`),
      );
    layers.push(postgresLayer(pool, { layer: "l3" }));
    closers.push(() => pool.end().catch(() => undefined));
  }
  cache.attach(new LayeredFeatureStore({ recorder, layers, ttlSeconds: 24 * 3600 }), recorder);
  return {
    async stop() {
      await cache.drain();
      for (const close of closers) await close();
    },
  };
}

/** The Redis layer with each command in database_query_duration_seconds{database="redis"}. */
function timedRedisLayer(layer: FeatureCacheLayer, recorder: TradingRecorder): FeatureCacheLayer {
  const timed = async <T>(queryType: "read" | "write", run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await run();
    } finally {
      recorder.recordDatabaseQuery("redis", queryType, (performance.now() - started) / 1000);
    }
  };
  return {
    layer: layer.layer,
    get: (key) => timed("read", () => layer.get(key)),
    set: (key, value, ttlSeconds) => timed("write", () => layer.set(key, value, ttlSeconds)),
  };
}

/** The URL without its password. */
function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(invalid URL)";
  }
}
