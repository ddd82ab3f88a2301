import { Redis as IoRedis } from "ioredis";
import pg from "pg";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  instrumentPgPool,
  instrumentRedisConnection,
  LayeredFeatureStore,
  memoryLayer,
  postgresLayer,
  queryTypeOf,
  redisLayer,
} from "../../../src/instrument/index.js";
import { Registry } from "../../../src/metrics/index.js";
import { createRecorder } from "../../../src/recorder/index.js";
import { type PostgresServer, startPostgres } from "../../support/postgres.js";
import { type RedisServer, startRedis } from "../../support/redis.js";
import { sampleValue } from "../parse-scrape.js";

const waitFor = async (check: () => Promise<boolean>, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

function setup() {
  const registry = new Registry();
  const recorder = createRecorder({ registry, universes: { feature: ["rsi_14", "mom_20d"] } });
  return { registry, recorder };
}

describe("LayeredFeatureStore over a real redis-server (L1) and PostgreSQL 15 (L2)", () => {
  let redisServer: RedisServer;
  let postgres: PostgresServer;
  beforeAll(async () => {
    [redisServer, postgres] = await Promise.all([startRedis(), startPostgres()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([redisServer?.stop(), postgres?.stop()]);
  });

  it("node-redis + pg: hits by layer, misses, hit ratio, calculation and query latency, pool and connection state; then Redis dies", async () => {
    const { registry, recorder } = setup();
    const redis = instrumentRedisConnection(
      createClient({
        url: redisServer.url,
        disableOfflineQueue: true,
        socket: { reconnectStrategy: () => 200 },
      }),
      recorder,
    );
    await redis.connect();
    const pool = instrumentPgPool(
      new pg.Pool({ connectionString: postgres.url, max: 4 }),
      recorder,
    );
    const store = new LayeredFeatureStore({
      recorder,
      layers: [redisLayer(redis), postgresLayer(pool)],
      ttlSeconds: 60,
    });
    let computed = 0;
    const compute = async () => {
      computed += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { value: 61.5 };
    };

    expect(await store.get("rsi_14", "BTC/USDT", compute)).toEqual({ value: 61.5 }); // miss: computed
    expect(await store.get("rsi_14", "BTC/USDT", compute)).toEqual({ value: 61.5 }); // L1
    await redis.flushAll();
    expect(await store.get("rsi_14", "BTC/USDT", compute)).toEqual({ value: 61.5 }); // L2, refills L1
    expect(await redis.get("tradewatch:feature:rsi_14:BTC/USDT")).toBe('{"value":61.5}');
    expect(await store.get("rsi_14", "BTC/USDT", compute)).toEqual({ value: 61.5 }); // L1
    expect(computed).toBe(1);

    let text = await registry.metrics();
    expect(sampleValue(text, "tradewatch_cache_hits_total", { layer: "l1" })).toBe(2);
    expect(sampleValue(text, "tradewatch_cache_hits_total", { layer: "l2" })).toBe(1);
    expect(sampleValue(text, "tradewatch_cache_misses_total")).toBe(1);
    expect(sampleValue(text, "tradewatch_cache_hit_ratio")).toBe(0.75);
    expect(
      sampleValue(text, "tradewatch_feature_calculation_duration_seconds_count", {
        feature: "rsi_14",
      }),
    ).toBe(1);
    expect(
      sampleValue(text, "tradewatch_feature_calculation_duration_seconds_sum", {
        feature: "rsi_14",
      }),
    ).toBeGreaterThan(0.015);
    expect(sampleValue(text, "tradewatch_feature_store_query_duration_seconds_count")).toBe(4);
    expect(
      sampleValue(text, "tradewatch_cache_operation_duration_seconds_count", {
        layer: "l1",
        operation: "get",
      }),
    ).toBe(4);
    expect(
      sampleValue(text, "tradewatch_cache_operation_duration_seconds_count", {
        layer: "l2",
        operation: "get",
      }),
    ).toBe(2);
    expect(
      sampleValue(text, "tradewatch_database_query_duration_seconds_count", {
        database: "postgres",
        query_type: "read",
      }),
    ).toBe(2);
    expect(
      sampleValue(text, "tradewatch_database_query_duration_seconds_count", {
        database: "postgres",
        query_type: "write",
      }),
    ).toBe(1);
    expect(
      sampleValue(text, "tradewatch_database_query_duration_seconds_count", {
        database: "postgres",
        query_type: "migration",
      }),
    ).toBe(1);
    expect(sampleValue(text, "tradewatch_database_connection_up", { database: "postgres" })).toBe(
      1,
    );
    expect(sampleValue(text, "tradewatch_database_connection_up", { database: "redis" })).toBe(1);
    const poolUsage = async () =>
      sampleValue(await registry.metrics(), "tradewatch_database_connection_pool_usage_ratio", {
        database: "postgres",
      });
    const sleeping = [pool.query("select pg_sleep(0.3)"), pool.query("select pg_sleep(0.3)")];
    await waitFor(async () => (await poolUsage()) === 0.5); // 2 of max 4 in use
    await Promise.all(sleeping);
    await waitFor(async () => (await poolUsage()) === 0);

    // Redis dies mid-run: DatabaseDisconnected's condition (database_connection_up == 0) shows,
    // and lookups fall through to Postgres instead of failing.
    await redisServer.kill();
    await waitFor(
      async () =>
        sampleValue(await registry.metrics(), "tradewatch_database_connection_up", {
          database: "redis",
        }) === 0,
    );
    expect(await store.get("rsi_14", "BTC/USDT", compute)).toEqual({ value: 61.5 });
    expect(computed).toBe(1);
    text = await registry.metrics();
    expect(sampleValue(text, "tradewatch_cache_hits_total", { layer: "l2" })).toBe(2);
    expect(
      sampleValue(text, "tradewatch_errors_total", { component: "storage", severity: "warning" }),
    ).toBeGreaterThanOrEqual(1);
    expect(sampleValue(text, "tradewatch_database_connection_up", { database: "postgres" })).toBe(
      1,
    );
    await redis.destroy();
    await pool.end();
  }, 30_000);
});

describe("LayeredFeatureStore with ioredis, and in process", () => {
  let redisServer: RedisServer;
  beforeAll(async () => {
    redisServer = await startRedis();
  }, 30_000);
  afterAll(async () => {
    await redisServer?.stop();
  });

  it("ioredis as L1 (setex with TTL)", async () => {
    const { registry, recorder } = setup();
    const redis = instrumentRedisConnection(new IoRedis(redisServer.port, "127.0.0.1"), recorder);
    const store = new LayeredFeatureStore({
      recorder,
      layers: [redisLayer(redis)],
      ttlSeconds: 30,
    });
    await store.get("mom_20d", "ETH/USDT", () => 0.12);
    expect(await store.get("mom_20d", "ETH/USDT", () => 0.99)).toBe(0.12);
    expect(await redis.ttl("tradewatch:feature:mom_20d:ETH/USDT")).toBeGreaterThan(25);
    const text = await registry.metrics();
    expect(sampleValue(text, "tradewatch_cache_hits_total", { layer: "l1" })).toBe(1);
    expect(sampleValue(text, "tradewatch_database_connection_up", { database: "redis" })).toBe(1);
    redis.disconnect();
  });

  it("an in-process L1 with expiry, no server", async () => {
    const { registry, recorder } = setup();
    let now = 0;
    const store = new LayeredFeatureStore({
      recorder,
      layers: [memoryLayer({ now: () => now })],
      ttlSeconds: 10,
    });
    await store.get("rsi_14", "X", () => 1);
    await store.get("rsi_14", "X", () => 2);
    now = 11_000;
    expect(await store.get("rsi_14", "X", () => 3)).toBe(3);
    const text = await registry.metrics();
    expect(sampleValue(text, "tradewatch_cache_misses_total")).toBe(2);
    expect(sampleValue(text, "tradewatch_cache_hit_ratio")).toBeCloseTo(1 / 3);
  });
});

describe("LayeredFeatureStore hit ratio window", () => {
  it("counts only the last ratioWindow lookups", async () => {
    const { registry, recorder } = setup();
    const store = new LayeredFeatureStore({ recorder, layers: [memoryLayer()], ratioWindow: 2 });
    await store.get("rsi_14", "A", () => 1); // miss
    expect(sampleValue(await registry.metrics(), "tradewatch_cache_hit_ratio")).toBe(0);
    await store.get("rsi_14", "A", () => 1); // hit
    expect(sampleValue(await registry.metrics(), "tradewatch_cache_hit_ratio")).toBe(0.5);
    await store.get("rsi_14", "A", () => 1); // hit: the miss has left the window
    expect(sampleValue(await registry.metrics(), "tradewatch_cache_hit_ratio")).toBe(1);
    await store.get("rsi_14", "B", () => 1); // miss
    expect(sampleValue(await registry.metrics(), "tradewatch_cache_hit_ratio")).toBe(0.5);
  });
});

describe("queryTypeOf", () => {
  it("classifies statements by their first keyword", () => {
    expect(queryTypeOf("SELECT 1")).toBe("read");
    expect(queryTypeOf("  /* c */ insert into t values (1)")).toBe("write");
    expect(queryTypeOf("BEGIN")).toBe("transaction");
    expect(queryTypeOf("create table if not exists t (a int)")).toBe("migration");
    expect(queryTypeOf("with x as (select 1) select * from x")).toBe("read");
  });
});
