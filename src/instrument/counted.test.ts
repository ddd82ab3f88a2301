import { describe, expect, it } from "vitest";
import { findSamples, sampleValue } from "../../test/instrument/parse-scrape.js";
import { Counter, Registry } from "../metrics/index.js";
import { counted } from "./counted.js";

class RateLimitExceeded extends Error {
  override name = "RateLimitExceeded";
}
class RequestTimeout extends Error {
  override name = "RequestTimeout";
}

function setup() {
  const registry = new Registry();
  const calls = new Counter({
    name: "api_calls_total",
    help: "API calls.",
    labelNames: ["endpoint"],
    registers: [registry],
  });
  const errors = new Counter({
    name: "api_errors_total",
    help: "API errors.",
    labelNames: ["endpoint", "error_type"],
    registers: [registry],
  });
  return { registry, calls, errors };
}

describe("counted()", () => {
  it("counts every call and each failure by error class name", async () => {
    const { registry, calls, errors } = setup();
    const thrown = [
      new RateLimitExceeded("429"),
      new RateLimitExceeded("429"),
      new RequestTimeout("t"),
    ];
    let i = 0;
    const call = counted(
      calls,
      async (_symbol: string) => {
        const error = thrown[i++];
        if (error) throw error;
        return "ok";
      },
      { labels: { endpoint: "fetch_ticker" }, errors },
    );
    for (let n = 0; n < 3; n++) await expect(call("BTC")).rejects.toThrow();
    expect(await call("BTC")).toBe("ok");
    const text = await registry.metrics();
    expect(sampleValue(text, "api_calls_total", { endpoint: "fetch_ticker" })).toBe(4);
    expect(sampleValue(text, "api_errors_total", { error_type: "RateLimitExceeded" })).toBe(2);
    expect(sampleValue(text, "api_errors_total", { error_type: "RequestTimeout" })).toBe(1);
  });

  it("counts sync throws, keeps sync results sync, and names non-Error throws `non_error`", async () => {
    const { registry, calls, errors } = setup();
    const parse = counted(
      calls,
      (raw: string) => {
        if (raw === "") throw "empty";
        return JSON.parse(raw) as unknown;
      },
      { labels: { endpoint: "parse" }, errors },
    );
    expect(parse("[1]")).toEqual([1]);
    expect(() => parse("{")).toThrow(SyntaxError);
    expect(() => parse("")).toThrow();
    const text = await registry.metrics();
    expect(sampleValue(text, "api_errors_total", { error_type: "SyntaxError" })).toBe(1);
    expect(sampleValue(text, "api_errors_total", { error_type: "non_error" })).toBe(1);
  });

  it("bounds error types: past `maxTypes` distinct names, `other`", async () => {
    const { registry, calls, errors } = setup();
    const call = counted(
      calls,
      (name: string) => {
        const error = new Error(name);
        error.name = name;
        throw error;
      },
      { labels: { endpoint: "x" }, errors, maxTypes: 3 },
    );
    for (let n = 0; n < 50; n++) expect(() => call(`Error${n}`)).toThrow();
    expect(() => call("Error1")).toThrow();
    const text = await registry.metrics();
    const types = findSamples(text, "api_errors_total").map((s) => s.labels.error_type);
    expect(types.sort()).toEqual(["Error0", "Error1", "Error2", "other"]);
    expect(sampleValue(text, "api_errors_total", { error_type: "other" })).toBe(47);
    expect(sampleValue(text, "api_errors_total", { error_type: "Error1" })).toBe(2);
  });

  it("with an allow-list reports only listed types; `count: success` counts only successes", async () => {
    const { registry, calls, errors } = setup();
    const call = counted(
      calls,
      async (fail: Error | undefined) => {
        if (fail) throw fail;
      },
      { labels: { endpoint: "y" }, errors, allowed: ["RequestTimeout"], count: "success" },
    );
    await call(undefined);
    await expect(call(new RequestTimeout("t"))).rejects.toThrow();
    await expect(call(new RateLimitExceeded("r"))).rejects.toThrow();
    const text = await registry.metrics();
    expect(sampleValue(text, "api_calls_total", { endpoint: "y" })).toBe(1);
    expect(sampleValue(text, "api_errors_total", { error_type: "RequestTimeout" })).toBe(1);
    expect(sampleValue(text, "api_errors_total", { error_type: "other" })).toBe(1);
  });
});
