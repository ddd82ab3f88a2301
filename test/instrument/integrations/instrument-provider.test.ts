import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instrumentProvider } from "../../../src/instrument/index.js";
import { Registry } from "../../../src/metrics/index.js";
import { createRecorder } from "../../../src/recorder/index.js";
import { sampleValue } from "../parse-scrape.js";

describe("instrumentProvider over a real HTTP fetch of a local news API", () => {
  const statuses: number[] = [];
  const server = createServer((_request, response) => {
    const status = statuses.shift() ?? 200;
    response.writeHead(status, {
      "content-type": "application/json",
      "x-cache": status === 200 && statuses.length % 2 === 0 ? "HIT" : "MISS",
    });
    response.end(JSON.stringify({ publishedAt: Date.now() - 30_000, items: [] }));
  });
  let url = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("records requests, duration, errors by type, rate-limit hits, cache hit ratio and data age", async () => {
    const registry = new Registry();
    const recorder = createRecorder({ registry, universes: { provider: ["news_api"] } });
    let published = 0;
    const news = instrumentProvider(
      "news_api",
      async (query: string) => {
        const response = await fetch(`${url}/?q=${query}`);
        published = ((await response.clone().json()) as { publishedAt: number }).publishedAt;
        return response;
      },
      recorder,
      {
        dataTime: () => published,
        cacheHit: (response) => response.headers.get("x-cache") === "HIT",
      },
    );
    statuses.push(200, 200, 429, 503, 200);
    for (let i = 0; i < 5; i += 1) await news("btc");
    const broken = instrumentProvider(
      "news_api",
      async () => {
        throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
          code: "ECONNREFUSED",
        });
      },
      recorder,
    );
    await expect(broken()).rejects.toThrow("ECONNREFUSED");

    const text = await registry.metrics();
    const p = { provider: "news_api" };
    expect(sampleValue(text, "tradewatch_provider_requests_total", p)).toBe(6);
    expect(sampleValue(text, "tradewatch_provider_request_duration_seconds_count", p)).toBe(6);
    expect(
      sampleValue(text, "tradewatch_provider_errors_total", { ...p, error_type: "rate_limit" }),
    ).toBe(1);
    expect(
      sampleValue(text, "tradewatch_provider_errors_total", { ...p, error_type: "server_error" }),
    ).toBe(1);
    expect(
      sampleValue(text, "tradewatch_provider_errors_total", {
        ...p,
        error_type: "connection_error",
      }),
    ).toBe(1);
    expect(sampleValue(text, "tradewatch_provider_rate_limit_hits_total", p)).toBe(1);
    const age = sampleValue(text, "tradewatch_provider_data_age_seconds", p);
    expect(age).toBeGreaterThanOrEqual(30);
    expect(age).toBeLessThan(35);
    const ratio = sampleValue(text, "tradewatch_provider_cache_hit_ratio", p);
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThan(1);
  });

  it("keeps a sync provider sync", async () => {
    const registry = new Registry();
    const recorder = createRecorder({ registry, universes: { provider: ["options_flow"] } });
    const flow = instrumentProvider("options_flow", (n: number) => n * 2, recorder);
    expect(flow(21)).toBe(42);
    expect(
      sampleValue(await registry.metrics(), "tradewatch_provider_requests_total", {
        provider: "options_flow",
      }),
    ).toBe(1);
  });
});
