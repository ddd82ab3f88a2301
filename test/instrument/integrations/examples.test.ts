import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresServer, startPostgres } from "../../support/postgres.js";
import { type RedisServer, startRedis } from "../../support/redis.js";
import { type FakeBinance, startFakeBinance } from "./fake-binance.js";
import { type FakeLlm, startFakeLlm } from "./fake-llm.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;

async function runExample(file: string, env: Record<string, string>): Promise<string> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(ANTHROPIC_|OPENAI_|BINANCE_|REDIS_URL|DATABASE_URL)/.test(key),
    ),
  );
  const { stdout } = await promisify(execFile)(tsx, [`examples/${file}`], {
    cwd: root,
    env: { ...clean, ...env },
    timeout: 60_000,
  });
  return stdout;
}

describe("the runnable examples", () => {
  let binance: FakeBinance;
  let llm: FakeLlm;
  let redis: RedisServer;
  let postgres: PostgresServer;
  beforeAll(async () => {
    [binance, llm, redis, postgres] = await Promise.all([
      startFakeBinance(),
      startFakeLlm(),
      startRedis(),
      startPostgres(),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([binance?.stop(), llm?.stop(), redis?.stop(), postgres?.stop()]);
  });

  it("ai-agent-feature-store runs in process with no server and no key", async () => {
    const out = await runExample("ai-agent-feature-store.ts", {});
    expect(out).toContain("BTC/USDT: buy");
    expect(out).toContain("ETH/USDT: hold");
    expect(out).toMatch(/^tradewatch_ai_analyses_total 4$/m);
    expect(out).toMatch(/^tradewatch_cache_hits_total\{layer="l1"\} 2$/m);
    expect(out).toMatch(/^tradewatch_cache_misses_total 2$/m);
  }, 60_000);

  it("ai-agent-feature-store asks Claude through the SDK and caches in Redis and Postgres", async () => {
    const out = await runExample("ai-agent-feature-store.ts", {
      ANTHROPIC_API_KEY: "test",
      ANTHROPIC_BASE_URL: llm.anthropicUrl,
      REDIS_URL: redis.url,
      DATABASE_URL: postgres.url,
    });
    expect(out).toContain("BTC/USDT: buy (conviction 0.80)");
    expect(out).toMatch(
      /^tradewatch_ai_requests_total\{model="claude-haiku-4-5",outcome="success"\} 4$/m,
    );
    expect(out).toMatch(
      /^tradewatch_ai_tokens_total\{model="claude-haiku-4-5",direction="output"\} 160$/m,
    );
    expect(out).toMatch(/^tradewatch_ai_cost_usd_total\{model="claude-haiku-4-5"\} 0\.00128$/m);
    expect(out).toMatch(/^tradewatch_cache_hits_total\{layer="l1"\} 2$/m);
  }, 60_000);

  it("ccxt-bot polls and places and cancels an order against a local Binance REST API", async () => {
    const out = await runExample("ccxt-bot.ts", {
      BINANCE_API_URL: binance.url,
      BINANCE_API_KEY: "key",
      BINANCE_SECRET: "secret",
    });
    expect(out).toContain("BTC/USDT last 60000");
    expect(out).toContain("cancelled 1000");
    expect(out).toMatch(/^tradewatch_exchange_api_requests_total\{endpoint="fetch_ticker"\} 4$/m);
    expect(out).toMatch(/^tradewatch_orders_placed_total\{side="buy",symbol="BTC\/USDT"\} 1$/m);
    expect(out).toMatch(/^tradewatch_orders_canceled_total\{symbol="BTC\/USDT"\} 1$/m);
  }, 60_000);
});
