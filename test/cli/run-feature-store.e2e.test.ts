/** @module tradewatch run --redis-url --postgres-url against real redis-server and PostgreSQL: cache hits by layer, misses, the Redis, PostgreSQL and SQLite journal metrics, Redis killed mid-run. */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/free-port.js";
import { type PostgresServer, startPostgres } from "../support/postgres.js";
import { type RedisServer, startRedis } from "../support/redis.js";
import { startTradewatchRun, type TradewatchRun } from "../support/tradewatch-run.js";

/** The sample lines of `name` (the bot's `tradewatch_` prefix added) whose labels include `labels`. */
function lines(text: string, name: string, labels: Readonly<Record<string, string>>): number[] {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const values: number[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith(`tradewatch_${name}{`)) continue;
    const labelText = line.slice(line.indexOf("{"), line.lastIndexOf("}") + 1);
    if (wanted.every((pair) => labelText.includes(pair)))
      values.push(Number(line.slice(line.lastIndexOf(" ") + 1)));
  }
  return values;
}

/** The first matching sample's value. */
function sample(text: string, name: string, labels: Readonly<Record<string, string>> = {}) {
  return lines(text, name, labels)[0];
}

/** The sum of the matching samples. */
function total(text: string, name: string, labels: Readonly<Record<string, string>> = {}) {
  return lines(text, name, labels).reduce((sum, value) => sum + value, 0);
}

async function scrape(run: TradewatchRun): Promise<string> {
  return await (await fetch(`${run.url}/metrics`)).text();
}

async function until(
  run: TradewatchRun,
  done: (text: string) => boolean,
  timeoutMs = 20_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = "";
  while (Date.now() < deadline) {
    text = await scrape(run);
    if (done(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return text;
}

describe("tradewatch run with Redis and PostgreSQL layers", () => {
  let redis: RedisServer;
  let postgres: PostgresServer;
  let dir: string;
  const runs: TradewatchRun[] = [];

  beforeAll(async () => {
    [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
    dir = mkdtempSync(join(tmpdir(), "tradewatch-feature-store-"));
  }, 60_000);

  afterAll(async () => {
    for (const run of runs) await run.stop();
    await redis?.stop();
    await postgres?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const start = async (extra: readonly string[] = []) => {
    const run = await startTradewatchRun({
      args: [
        "--redis-url",
        redis.url,
        "--postgres-url",
        postgres.url,
        "--clock",
        "market",
        "--speed",
        "3000",
        "--seed",
        "7",
        "--quiet",
        ...extra,
      ],
    });
    runs.push(run);
    return run;
  };

  it("scrapes hits by layer, misses and redis/postgres/sqlite metrics; a restart hits the lower layers; killing Redis sets it down and trading goes on", async () => {
    // The first run keeps a journal: its SQLite metrics come with it.
    const first = await start(["--journal", join(dir, "first.sqlite")]);
    let text = await until(
      first,
      (t) =>
        (sample(t, "cache_hits_total", { layer: "l1" }) ?? 0) > 20 &&
        total(t, "database_query_duration_seconds_count", { database: "postgres" }) > 20,
    );
    expect(sample(text, "cache_hits_total", { layer: "l1" })).toBeGreaterThan(20);
    expect(total(text, "cache_misses_total")).toBeGreaterThan(20);
    const ratio = total(text, "cache_hit_ratio");
    // Two strategies ask for the same (feature, symbol, bar): about half the lookups hit.
    expect(ratio).toBeGreaterThan(0.3);
    expect(ratio).toBeLessThan(0.7);
    expect(total(text, "cache_operation_duration_seconds_count", { layer: "l2" })).toBeGreaterThan(
      0,
    );
    expect(total(text, "cache_operation_duration_seconds_count", { layer: "l3" })).toBeGreaterThan(
      0,
    );
    expect(total(text, "feature_calculation_duration_seconds_count")).toBeGreaterThan(0);
    expect(total(text, "feature_store_query_duration_seconds_count")).toBeGreaterThan(0);
    expect(sample(text, "database_connection_up", { database: "redis" })).toBe(1);
    expect(sample(text, "database_connection_up", { database: "postgres" })).toBe(1);
    expect(
      total(text, "database_query_duration_seconds_count", { database: "redis" }),
    ).toBeGreaterThan(0);
    expect(
      total(text, "database_query_duration_seconds_count", { database: "postgres" }),
    ).toBeGreaterThan(0);
    expect(sample(text, "database_connection_up", { database: "sqlite" })).toBe(1);
    expect(
      total(text, "database_query_duration_seconds_count", {
        database: "sqlite",
        query_type: "read",
      }),
    ).toBeGreaterThan(0);
    expect(text).toMatch(
      /tradewatch_database_connection_pool_usage_ratio\{[^}]*database="postgres"/,
    );
    text = await until(
      first,
      (t) =>
        total(t, "database_query_duration_seconds_count", {
          database: "sqlite",
          query_type: "transaction",
        }) > 0,
    );
    // Each fill is journaled in a transaction.
    expect(
      total(text, "database_query_duration_seconds_count", {
        database: "sqlite",
        query_type: "transaction",
      }),
    ).toBeGreaterThan(0);
    await first.stop();

    // The same seeded market again: its bars' features are in Redis (L2) and Postgres (L3).
    const second = await start(["--no-journal"]);
    text = await until(second, (t) => (sample(t, "cache_hits_total", { layer: "l2" }) ?? 0) > 5);
    expect(sample(text, "cache_hits_total", { layer: "l2" })).toBeGreaterThan(5);

    await redis.kill();
    text = await until(
      second,
      (t) => sample(t, "database_connection_up", { database: "redis" }) === 0,
    );
    expect(sample(text, "database_connection_up", { database: "redis" })).toBe(0);
    const cyclesAtKill = total(text, "cycles_total");
    const postgresGetsAtKill = total(text, "cache_operation_duration_seconds_count", {
      layer: "l3",
      operation: "get",
    });
    text = await until(
      second,
      (t) =>
        total(t, "cycles_total") > cyclesAtKill + 50 &&
        total(t, "cache_operation_duration_seconds_count", { layer: "l3", operation: "get" }) >
          postgresGetsAtKill + 20,
    );
    // The bot keeps trading; lookups fall through the dead Redis to Postgres.
    expect(total(text, "cycles_total")).toBeGreaterThan(cyclesAtKill + 50);
    expect(
      total(text, "cache_operation_duration_seconds_count", { layer: "l3", operation: "get" }),
    ).toBeGreaterThan(postgresGetsAtKill + 20);
    expect(sample(text, "database_connection_up", { database: "redis" })).toBe(0);
    expect(second.output()).not.toMatch(/Unhandled|uncaught/i);
  }, 120_000);

  it("starts with Redis and PostgreSQL down: one warning line each, ready, features computed", async () => {
    const closedPort = await freePort();
    const run = await startTradewatchRun({
      args: [
        "--redis-url",
        `redis://127.0.0.1:${closedPort}`,
        "--postgres-url",
        `postgres://postgres@127.0.0.1:${closedPort}/postgres`,
        "--no-journal",
        "--speed",
        "3000",
      ],
    });
    runs.push(run);
    const text = await until(run, (t) => total(t, "cache_misses_total") > 10);
    expect(total(text, "cache_misses_total")).toBeGreaterThan(10);
    expect(sample(text, "database_connection_up", { database: "redis" })).toBe(0);
    expect(run.output()).toMatch(/Redis at redis:\/\/127\.0\.0\.1:\d+ is unreachable/);
    expect(run.output()).toMatch(
      /PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres is unreachable/,
    );
  }, 60_000);
});
