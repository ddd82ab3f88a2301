/**
 * @module Seed 002-style AI trading agent: a MonitoredTradingAgent asks Claude (through the
 * instrumented Anthropic SDK) for a decision on features served by the layered feature store
 * (in process by default; Redis L1 and Postgres L2 when REDIS_URL and DATABASE_URL are set),
 * then prints the AI and cache series of the scrape.
 *
 * Run: `npx tsx examples/ai-agent-feature-store.ts`. Without ANTHROPIC_API_KEY the agent
 * decides by a rule instead of asking Claude; with it (and ANTHROPIC_BASE_URL for another
 * endpoint) every decision is one request, with its tokens and cost.
 */
import Anthropic from "@anthropic-ai/sdk";
import pg from "pg";
import { createClient } from "redis";
import {
  type FeatureCacheLayer,
  instrumentAnthropic,
  instrumentPgPool,
  instrumentRedisConnection,
  LayeredFeatureStore,
  MonitoredTradingAgent,
  memoryLayer,
  postgresLayer,
  redisLayer,
} from "../src/instrument/index.js";
import { Registry } from "../src/metrics/index.js";
import { createRecorder } from "../src/recorder/index.js";

const model = process.env.ANTHROPIC_MODEL ?? "claude-haiku-4-5";
const symbols = ["BTC/USDT", "ETH/USDT"];
const registry = new Registry();
const recorder = createRecorder({
  registry,
  symbols,
  universes: { model: [model], feature: ["momentum_20"] },
});

// The feature store: Redis and Postgres when configured, else an in-process L1.
const layers: FeatureCacheLayer[] = [];
const closers: (() => Promise<unknown>)[] = [];
if (process.env.REDIS_URL !== undefined) {
  const redis = instrumentRedisConnection(
    createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }),
    recorder,
  );
  await redis.connect();
  layers.push(redisLayer(redis));
  closers.push(() => redis.close());
}
if (process.env.DATABASE_URL !== undefined) {
  const pool = instrumentPgPool(
    new pg.Pool({ connectionString: process.env.DATABASE_URL }),
    recorder,
  );
  layers.push(postgresLayer(pool, { layer: layers.length === 0 ? "l1" : "l2" }));
  closers.push(() => pool.end());
}
if (layers.length === 0) layers.push(memoryLayer());
const features = new LayeredFeatureStore({ recorder, layers, ttlSeconds: 300 });

// A deterministic momentum feature, as a real store would compute from bars.
const momentum = (symbol: string) =>
  features.get("momentum_20", `${symbol}:${new Date().toISOString().slice(0, 10)}`, () =>
    symbol.startsWith("BTC") ? 0.042 : -0.013,
  );

const claude =
  process.env.ANTHROPIC_API_KEY === undefined
    ? undefined
    : instrumentAnthropic(new Anthropic(), recorder);

type Decision = { action: "buy" | "sell" | "hold"; conviction: number };
const agent = new MonitoredTradingAgent<Decision>(recorder, async (symbol) => {
  const value = await momentum(symbol);
  if (claude === undefined) {
    return {
      action: value > 0.02 ? "buy" : value < -0.02 ? "sell" : "hold",
      conviction: Math.min(1, Math.abs(value) * 10),
    };
  }
  const reply = await claude.messages.create({
    model,
    max_tokens: 100,
    messages: [
      {
        role: "user",
        content: `20-day momentum of ${symbol} is ${value}. Answer JSON {"action":"buy"|"sell"|"hold","conviction":0-1}.`,
      },
    ],
  });
  const block = reply.content[0];
  const parsed = JSON.parse(block?.type === "text" ? block.text : "{}") as Partial<Decision>;
  return { action: parsed.action ?? "hold", conviction: parsed.conviction ?? 0 };
});

for (let round = 0; round < 2; round++) {
  for (const symbol of symbols) {
    const decision = await agent.analyze(symbol);
    console.log(`${symbol}: ${decision.action} (conviction ${decision.conviction.toFixed(2)})`);
  }
}

const text = await registry.metrics();
for (const line of text.split("\n")) {
  if (
    /^tradewatch_(ai_(analyses|decisions|requests|tokens|cost)|cache_(hits|misses|hit_ratio))/.test(
      line,
    )
  ) {
    console.log(line);
  }
}
for (const close of closers) await close();
