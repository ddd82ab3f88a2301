/** @module `@Timed` and `@Counted` as TypeScript 5 compiles standard decorators (experimentalDecorators off). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import type { CounterMetric, ObserverMetric } from "../../src/instrument/types.js";
import { Counter, Histogram, Registry } from "../../src/metrics/index.js";
import { sampleValue } from "./parse-scrape.js";

type BuildExchange = (
  histogram: ObserverMetric,
  calls: CounterMetric,
  errors: CounterMetric,
) => {
  fee: number;
  createOrder(quantity: number): Promise<number>;
  ticker(symbol: string): string;
};

const fixture = fileURLToPath(new URL("./fixtures/decorated-exchange.ts", import.meta.url));
const sourceDir = fileURLToPath(new URL("../../src/", import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), "tradewatch-decorators-"));

/** Compiles the fixture with the project's TypeScript the way a user's build would, then imports it. */
async function loadFixture(): Promise<BuildExchange> {
  const { outputText } = ts.transpileModule(readFileSync(fixture, "utf8"), {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      experimentalDecorators: false,
    },
  });
  expect(outputText).toContain("__esDecorate");
  const js = outputText.replace(
    /from "\.\.\/\.\.\/\.\.\/src\/([^"]+)\.js"/g,
    (_m, path: string) => `from ${JSON.stringify(join(sourceDir, `${path}.ts`))}`,
  );
  const file = join(outDir, "decorated-exchange.js");
  writeFileSync(file, js);
  const module = (await import(/* @vite-ignore */ file)) as { buildExchange: BuildExchange };
  return module.buildExchange;
}

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("standard decorators", () => {
  it("@Timed and @Counted record calls, failures and durations of decorated methods", async () => {
    const buildExchange = await loadFixture();
    const registry = new Registry();
    const histogram = new Histogram({
      name: "exchange_call_duration_seconds",
      help: "Exchange call duration.",
      labelNames: ["endpoint"],
      buckets: [0.001, 0.1, 1],
      registers: [registry],
    });
    const calls = new Counter({
      name: "exchange_calls_total",
      help: "Exchange calls.",
      labelNames: ["endpoint"],
      registers: [registry],
    });
    const errors = new Counter({
      name: "exchange_errors_total",
      help: "Exchange call failures.",
      labelNames: ["endpoint", "error_type"],
      registers: [registry],
    });
    const exchange = buildExchange(histogram, calls, errors);
    expect(await exchange.createOrder(2)).toBeCloseTo(2.002);
    await expect(exchange.createOrder(0)).rejects.toThrow(RangeError);
    expect(exchange.ticker("BTC")).toBe("BTC@0.001");
    const text = await registry.metrics();
    expect(sampleValue(text, "exchange_calls_total", { endpoint: "create_order" })).toBe(2);
    expect(sampleValue(text, "exchange_calls_total", { endpoint: "ticker_btc" })).toBe(1);
    expect(
      sampleValue(text, "exchange_errors_total", {
        endpoint: "create_order",
        error_type: "RangeError",
      }),
    ).toBe(1);
    expect(
      sampleValue(text, "exchange_call_duration_seconds_count", { endpoint: "create_order" }),
    ).toBe(2);
    expect(
      sampleValue(text, "exchange_call_duration_seconds_bucket", {
        endpoint: "create_order",
        le: "0.001",
      }),
    ).toBe(0);
  });
});
