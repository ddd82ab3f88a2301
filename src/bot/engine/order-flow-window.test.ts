import { describe, expect, it } from "vitest";
import { OrderFlowWindow } from "./order-flow-window.js";

describe("OrderFlowWindow", () => {
  it("reports nothing until the window is full", () => {
    const window = new OrderFlowWindow(3, 0.5);
    expect(window.add(1)).toBeNaN();
    expect(window.add(1)).toBeNaN();
    expect(window.add(1)).toBe(1);
  });

  it("reports a crossing once, and again only after the imbalance fell back", () => {
    const window = new OrderFlowWindow(4, 0.5);
    for (const volume of [1, -1, 1, -1]) expect(window.add(volume)).toBeNaN();
    expect(window.add(2)).toBeNaN(); // (-1 + 1 - 1 + 2) / 5 = 0.2
    expect(window.add(3)).toBeCloseTo(5 / 7); // (1 - 1 + 2 + 3) / 7
    expect(window.add(1)).toBeNaN(); // still beyond: no second event
    expect(window.add(-6)).toBeNaN(); // (2 + 3 + 1 - 6) / 12 = 0: re-armed
    expect(window.add(-6)).toBe(-0.5); // (3 + 1 - 6 - 6) / 16: crossed on the selling side
  });

  it("measures selling pressure as a negative imbalance", () => {
    const window = new OrderFlowWindow(2, 0.9);
    window.add(-1);
    expect(window.add(-3)).toBe(-1);
  });
});
