/** @module Tests of the one helper that times a sync-or-async call. */
import { describe, expect, it } from "vitest";
import { observeCall } from "./observe-call.js";

type Settled = { failed: boolean; thrown: unknown; seconds: number };

function recorder(): { settled: Settled[]; onSettle: (f: boolean, t: unknown, s: number) => void } {
  const settled: Settled[] = [];
  return {
    settled,
    onSettle: (failed, thrown, seconds) => settled.push({ failed, thrown, seconds }),
  };
}

describe("observeCall", () => {
  it("keeps a sync call sync: its value, or its exception, passes through after one report", () => {
    const { settled, onSettle } = recorder();
    expect(observeCall((a: number, b: number) => a + b, undefined, [2, 3], onSettle)).toBe(5);
    const error = new Error("refused");
    expect(() =>
      observeCall(
        () => {
          throw error;
        },
        undefined,
        [],
        onSettle,
      ),
    ).toThrow(error);
    expect(settled.map(({ failed, thrown }) => ({ failed, thrown }))).toEqual([
      { failed: false, thrown: undefined },
      { failed: true, thrown: error },
    ]);
  });

  it("returns the caller's own promise, reports before the caller's continuation, with the time to settle", async () => {
    const { settled, onSettle } = recorder();
    let resolve!: (value: string) => void;
    const promise = new Promise<string>((r) => {
      resolve = r;
    });
    const returned = observeCall(() => promise, undefined, [], onSettle);
    expect(returned).toBe(promise);
    expect(settled).toEqual([]);
    setTimeout(() => resolve("ok"), 30);
    expect(await returned).toBe("ok");
    expect(settled).toHaveLength(1);
    expect(settled[0]!.failed).toBe(false);
    expect(settled[0]!.seconds).toBeGreaterThanOrEqual(0.025);
    expect(settled[0]!.seconds).toBeLessThan(5);
  });

  it("reports a rejection once and leaves it to the caller", async () => {
    const { settled, onSettle } = recorder();
    const error = new Error("timeout");
    await expect(
      observeCall(async () => Promise.reject(error), undefined, [], onSettle),
    ).rejects.toBe(error);
    expect(settled.map(({ failed, thrown }) => ({ failed, thrown }))).toEqual([
      { failed: true, thrown: error },
    ]);
  });
});
