import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../random.js";
import { FaultInjector } from "./fault-injector.js";

const minute = 60_000;

/** Measures how long each outage the injector starts lasts, by probing it every 100 ms. */
function outageLengths(injector: FaultInjector, count: number): number[] {
  const lengths: number[] = [];
  let now = 0;
  while (lengths.length < count) {
    now += 100;
    if (injector.failureFor("status", now, 0.01)?.name !== "NetworkError") continue;
    const start = now;
    while (injector.isDisconnected(now)) now += 100;
    lengths.push((now - start) / 1000);
  }
  return lengths;
}

describe("FaultInjector", () => {
  it("draws outage lengths from seconds to minutes, log-uniformly within the configured range", () => {
    const injector = new FaultInjector(new SeededRandom(3), { rates: { disconnect: 0.2 } });
    const lengths = outageLengths(injector, 300);
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(180.1);
    // Log-uniform over 5..180 s: about half below the geometric mean (30 s), some over 2 minutes.
    const short = lengths.filter((seconds) => seconds < 30).length / lengths.length;
    expect(short).toBeGreaterThan(0.4);
    expect(short).toBeLessThan(0.6);
    expect(lengths.filter((seconds) => seconds > 120).length).toBeGreaterThan(10);
  });

  it("keeps an outage that an operator starts for exactly its length, whatever the call rate", () => {
    const injector = new FaultInjector(new SeededRandom(1));
    injector.beginOutage("disconnect", 0, 150);
    expect(injector.failureFor("order", 149_999, 0.01)?.name).toBe("NetworkError");
    expect(injector.failureFor("order", 150_000, 0.01)).toBeUndefined();
    injector.beginOutage("maintenance", 150_000, 60);
    expect(injector.failureFor("status", 180_000, 0.01)?.name).toBe("OnMaintenance");
    expect(injector.outagesAt(180_000)).toEqual(["maintenance"]);
    injector.endOutages();
    expect(injector.failureFor("status", 180_000, 0.01)).toBeUndefined();
  });

  it("fails most calls of an api_errors storm with 503s and timeouts, and every call of a rate_limit outage with 429", () => {
    const injector = new FaultInjector(new SeededRandom(9));
    injector.beginOutage("api_errors", 0, 10);
    const names = new Map<string, number>();
    for (let call = 0; call < 2_000; call++) {
      const name = injector.failureFor("status", call, 0.01)?.name ?? "ok";
      names.set(name, (names.get(name) ?? 0) + 1);
    }
    expect(names.get("ok")! / 2_000).toBeCloseTo(0.2, 1);
    expect(names.get("ExchangeNotAvailable")! / 2_000).toBeCloseTo(0.4, 1);
    expect(names.get("RequestTimeout")! / 2_000).toBeCloseTo(0.4, 1);
    injector.beginOutage("rate_limit", minute, 5);
    expect(injector.failureFor("order", minute + 4_000, 0.01)).toMatchObject({
      name: "RateLimitExceeded",
      httpStatus: 429,
    });
  });

  it("refuses an outage range that is empty or not positive, naming the key", () => {
    expect(
      () => new FaultInjector(new SeededRandom(1), { disconnectSeconds: { min: 10, max: 5 } }),
    ).toThrow(/Invalid faults\.disconnectSeconds 10-5: must be 0 < min <= max seconds/);
  });
});
