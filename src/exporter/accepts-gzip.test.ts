import { describe, expect, it } from "vitest";
import { acceptsGzip } from "./accepts-gzip.js";

describe("acceptsGzip", () => {
  it.each([
    [undefined, false],
    ["", false],
    ["identity", false],
    ["gzip", true],
    ["GZIP", true],
    ["gzip, deflate, br", true],
    ["br;q=1.0, gzip;q=0.8, *;q=0.1", true],
    ["x-gzip", true],
    ["*", true],
    ["*;q=0.5, gzip;q=0", false],
    ["gzip;q=0", false],
    ["gzip;q=0.000", false],
    ["deflate, *;q=0", false],
    ["gzip;q=bogus", false],
  ])("%j → %s", (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});
