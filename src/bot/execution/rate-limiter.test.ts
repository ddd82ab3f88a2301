import { describe, expect, it } from "vitest";
import { TradewatchError } from "../../errors.js";
import { SimulatedClock } from "../clock.js";
import { RateLimiter } from "./rate-limiter.js";

describe("RateLimiter", () => {
  it("grants a burst up to capacity, then refills with time", () => {
    const clock = new SimulatedClock(0);
    const limiter = new RateLimiter(clock, { capacity: 3, refillPerSecond: 2 });
    expect([limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire()]).toEqual([
      true,
      true,
      true,
    ]);
    expect(limiter.utilization).toBe(1);
    expect(limiter.tryAcquire()).toBe(false);
    clock.advance(500);
    expect(limiter.utilization).toBeCloseTo(2 / 3, 9);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    clock.advance(10_000);
    expect(limiter.utilization).toBe(0);
    expect(limiter.used).toBe(0);
  });

  it("rejects a bucket that could never grant a request", () => {
    expect(() => new RateLimiter(new SimulatedClock(), { capacity: 0 })).toThrow(TradewatchError);
    expect(() => new RateLimiter(new SimulatedClock(), { refillPerSecond: 0 })).toThrow(/refill/);
  });
});
