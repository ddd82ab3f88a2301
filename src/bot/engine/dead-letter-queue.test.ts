import { describe, expect, it } from "vitest";
import { type DeadLetter, DeadLetterQueue } from "./dead-letter-queue.js";

const letter = (timestamp: number): DeadLetter => ({
  timestamp,
  source: "sim",
  reason: "price NaN is not a positive number",
  message: { symbol: "BTC/USD", timestamp, price: Number.NaN },
});

describe("DeadLetterQueue", () => {
  it("holds letters oldest first and drops the oldest when full", () => {
    const queue = new DeadLetterQueue(3);
    for (let index = 1; index <= 5; index++) queue.add(letter(index));
    expect(queue.size).toBe(3);
    expect(queue.total).toBe(5);
    expect(queue.entries().map((held) => held.timestamp)).toEqual([3, 4, 5]);
  });

  it("drains what it holds and keeps counting", () => {
    const queue = new DeadLetterQueue(2);
    queue.add(letter(1));
    expect(queue.drain().map((held) => held.timestamp)).toEqual([1]);
    expect(queue.size).toBe(0);
    expect(queue.entries()).toEqual([]);
    queue.add(letter(2));
    queue.add(letter(3));
    queue.add(letter(4));
    expect(queue.entries().map((held) => held.timestamp)).toEqual([3, 4]);
    expect(queue.total).toBe(4);
  });
});
