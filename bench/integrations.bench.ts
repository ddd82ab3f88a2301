/**
 * @module Per-call overhead of each integration wrapper against the bare client call, in the
 * same process against the same local server: ccxt (real binance class against a local
 * Binance REST API), the Anthropic and OpenAI SDKs (local server speaking their wire
 * formats), instrumentProvider over fetch, the feature store over node-redis and the pg Pool
 * wrapper (real redis-server and PostgreSQL 15), and the in-process feature store.
 */
import Anthropic from "@anthropic-ai/sdk";
import ccxt from "ccxt";
import OpenAI from "openai";
import pg from "pg";
import { createClient } from "redis";
import {
  instrumentAnthropic,
  instrumentExchange,
  instrumentOpenAI,
  instrumentPgPool,
  instrumentProvider,
  LayeredFeatureStore,
  memoryLayer,
  redisLayer,
} from "../src/instrument/index.js";
import { Registry } from "../src/metrics/index.js";
import { createRecorder } from "../src/recorder/index.js";
import { pointAt, startFakeBinance } from "../test/instrument/integrations/fake-binance.js";
import { startFakeLlm } from "../test/instrument/integrations/fake-llm.js";
import { startPostgres } from "../test/support/postgres.js";
import { startRedis } from "../test/support/redis.js";
import { benchOnce, type ComparisonRow, printTable } from "./harness.js";

const quick = process.env.BENCH_QUICK === "1";
const rounds = quick ? 4 : 10;
const recorder = createRecorder({
  registry: new Registry(),
  universes: {
    endpoint: ["fetch_ticker"],
    model: ["claude-sonnet-4-5", "gpt-4o-mini"],
    provider: ["news_api"],
  },
});

/** Median CPU ns per call of `bare` and `wrapped`, whole batches interleaved ABBA. */
async function compare(
  name: string,
  batch: number,
  bare: () => Promise<unknown>,
  wrapped: () => Promise<unknown>,
): Promise<ComparisonRow> {
  const run = async (call: () => Promise<unknown>) => {
    for (let i = 0; i < batch; i++) await call();
  };
  // Warm both paths well (JIT, connection pools, sockets): a single batch leaves the first
  // measured runs several times slower than the steady state.
  for (let warm = 0; warm < 3; warm++) {
    await run(bare);
    await run(wrapped);
  }
  const bareRuns: number[] = [];
  const wrappedRuns: number[] = [];
  const measure = async (call: () => Promise<unknown>) =>
    (await benchOnce(() => run(call), { warmup: 0, runs: 1 })).nsPerOp / batch;
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      bareRuns.push(await measure(bare));
      wrappedRuns.push(await measure(wrapped));
    } else {
      wrappedRuns.push(await measure(wrapped));
      bareRuns.push(await measure(bare));
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
  const bareNs = median(bareRuns);
  const wrappedNs = median(wrappedRuns);
  return {
    name: `${name}: +${Math.round(wrappedNs - bareNs).toLocaleString("en-US")} ns/call (${(((wrappedNs - bareNs) / bareNs) * 100).toFixed(1)}%)`,
    values: { instrumented: wrappedNs, bare: bareNs },
  };
}

const rows: ComparisonRow[] = [];
const [binance, llm, redisServer, postgres] = await Promise.all([
  startFakeBinance(),
  startFakeLlm(),
  startRedis(),
  startPostgres(),
]);
try {
  const exchange = (instrumented: boolean) => {
    const e = new ccxt.binance({
      enableRateLimit: false,
      options: { fetchMarkets: { types: ["spot"] }, fetchCurrencies: false },
    });
    pointAt(e as never, binance.url);
    return instrumented ? instrumentExchange(e, recorder) : e;
  };
  const bareExchange = exchange(false);
  const wrappedExchange = exchange(true);
  rows.push(
    await compare(
      "ccxt binance fetchTicker",
      quick ? 50 : 200,
      () => bareExchange.fetchTicker("BTC/USDT"),
      () => wrappedExchange.fetchTicker("BTC/USDT"),
    ),
  );

  const claude = (instrumented: boolean) => {
    const client = new Anthropic({ apiKey: "test", baseURL: llm.anthropicUrl, maxRetries: 0 });
    return instrumented ? instrumentAnthropic(client, recorder) : client;
  };
  const body = {
    model: "claude-sonnet-4-5",
    max_tokens: 64,
    messages: [{ role: "user" as const, content: "hi" }],
  };
  const bareClaude = claude(false);
  const wrappedClaude = claude(true);
  rows.push(
    await compare(
      "Anthropic messages.create",
      quick ? 50 : 200,
      () => bareClaude.messages.create(body),
      () => wrappedClaude.messages.create(body),
    ),
  );

  const openai = (instrumented: boolean) => {
    const client = new OpenAI({ apiKey: "test", baseURL: llm.openaiUrl, maxRetries: 0 });
    return instrumented ? instrumentOpenAI(client, recorder) : client;
  };
  const chat = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "hi" }] };
  const bareOpenAi = openai(false);
  const wrappedOpenAi = openai(true);
  rows.push(
    await compare(
      "OpenAI chat.completions.create",
      quick ? 50 : 200,
      () => bareOpenAi.chat.completions.create(chat),
      () => wrappedOpenAi.chat.completions.create(chat),
    ),
  );

  const fetchNews = async () => (await fetch(`${llm.anthropicUrl}/none`)).arrayBuffer();
  const wrappedNews = instrumentProvider("news_api", fetchNews, recorder);
  rows.push(
    await compare("instrumentProvider over fetch", quick ? 50 : 200, fetchNews, wrappedNews),
  );

  const redis = await createClient({ url: redisServer.url }).connect();
  await redis.set("tradewatch:feature:rsi_14:BTC", "61.5");
  const redisStore = new LayeredFeatureStore({ recorder, layers: [redisLayer(redis)] });
  rows.push(
    await compare(
      "feature store L1 hit (node-redis) vs redis.get + JSON.parse",
      quick ? 200 : 1000,
      async () => JSON.parse((await redis.get("tradewatch:feature:rsi_14:BTC")) ?? "0"),
      () => redisStore.get("rsi_14", "BTC", () => 0),
    ),
  );
  await redis.destroy();

  const memory = memoryLayer();
  await memory.set("rsi_14:BTC", "61.5");
  const memoryStore = new LayeredFeatureStore({ recorder, layers: [memory] });
  rows.push(
    await compare(
      "feature store in-process L1 hit vs layer.get + JSON.parse",
      quick ? 2000 : 20000,
      async () => JSON.parse((await memory.get("rsi_14:BTC")) ?? "0"),
      () => memoryStore.get("rsi_14", "BTC", () => 0),
    ),
  );

  const barePool = new pg.Pool({ connectionString: postgres.url, max: 2 });
  const wrappedPool = instrumentPgPool(
    new pg.Pool({ connectionString: postgres.url, max: 2 }),
    recorder,
  );
  rows.push(
    await compare(
      "pg Pool.query('select 1')",
      quick ? 100 : 500,
      () => barePool.query("select 1"),
      () => wrappedPool.query("select 1"),
    ),
  );
  await Promise.all([barePool.end(), wrappedPool.end()]);
} finally {
  await Promise.all([binance.stop(), llm.stop(), redisServer.stop(), postgres.stop()]);
}

printTable({
  title: `Integration wrappers: per-call CPU time, instrumented vs the bare client call (same process, same local server, median of ${rounds} interleaved batches)`,
  libraries: ["instrumented", "bare"],
  unit: "ns/call",
  rows,
});
