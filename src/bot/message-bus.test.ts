import { describe, expect, it } from "vitest";
import { TradewatchError } from "../errors.js";
import type { BarReceived, BotEvent, CycleCompleted } from "./events.js";
import { MessageBus } from "./message-bus.js";
import { planeOf, switchboard } from "./switchboard.js";

function bar(symbol: string, close: number): BarReceived {
  return {
    type: "BarReceived",
    timestamp: 1_000,
    source: "sim",
    duration: "1s",
    freshnessSeconds: 0,
    bar: { symbol, timestamp: 0, open: close, high: close, low: close, close, volume: 1 },
  };
}

describe("MessageBus", () => {
  it("delivers an event to exact and pattern subscribers in subscription order", () => {
    const bus = new MessageBus();
    const seen: string[] = [];
    bus.subscribe(switchboard.all, (event) => seen.push(`all:${event.type}`));
    bus.subscribe(switchboard.bars("BTC/USD"), (event) => seen.push(`btc:${event.bar.close}`));
    bus.subscribe(switchboard.allBars, (event) => seen.push(`bars:${event.bar.symbol}`));
    bus.subscribe(switchboard.bars("ETH/USD"), () => seen.push("eth"));

    bus.publish(switchboard.bars("BTC/USD"), bar("BTC/USD", 101));

    expect(seen).toEqual(["all:BarReceived", "btc:101", "bars:BTC/USD"]);
    expect(bus.publishedCount).toBe(1);
  });

  it("stops delivering after unsubscribe, including to cached topics", () => {
    const bus = new MessageBus();
    const seen: number[] = [];
    const unsubscribe = bus.subscribe(switchboard.allBars, (event) => seen.push(event.bar.close));
    bus.publish(switchboard.bars("A"), bar("A", 1));
    unsubscribe();
    bus.publish(switchboard.bars("A"), bar("A", 2));
    expect(seen).toEqual([1]);
    expect(bus.subscriptionCount).toBe(0);
    expect(bus.hasSubscribers(switchboard.bars("A"))).toBe(false);
  });

  it("keeps plane patterns apart", () => {
    const bus = new MessageBus();
    const data: BotEvent[] = [];
    const order: BotEvent[] = [];
    bus.subscribe(switchboard.plane("data"), (event) => data.push(event));
    bus.subscribe(switchboard.plane("order"), (event) => order.push(event));
    bus.publish(switchboard.bars("A"), bar("A", 1));
    expect(data).toHaveLength(1);
    expect(order).toHaveLength(0);
    expect(planeOf(switchboard.bars("A"))).toBe("data");
    expect(planeOf(switchboard.orders("trend"))).toBe("order");
    expect(planeOf(switchboard.risk)).toBe("order");
    expect(planeOf(switchboard.portfolio)).toBe("strategy");
    expect(planeOf(switchboard.cycle)).toBe("strategy");
  });

  it("refuses to publish on a pattern", () => {
    const bus = new MessageBus();
    const cycle = { type: "CycleCompleted" } as unknown as CycleCompleted;
    expect(() => bus.publish(switchboard.all, cycle)).toThrow(TradewatchError);
  });

  it("lets a handler unsubscribe itself while an event is being delivered", () => {
    const bus = new MessageBus();
    const seen: string[] = [];
    const first = (): void => {
      seen.push("first");
      bus.unsubscribe(switchboard.allBars, first);
    };
    bus.subscribe(switchboard.allBars, first);
    bus.subscribe(switchboard.allBars, () => seen.push("second"));
    bus.publish(switchboard.bars("A"), bar("A", 1));
    bus.publish(switchboard.bars("A"), bar("A", 1));
    expect(seen).toEqual(["first", "second", "second"]);
  });
});
