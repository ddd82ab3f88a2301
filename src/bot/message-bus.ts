/** @module A typed, synchronous publish/subscribe bus with named topics and prefix patterns. */
import { TradewatchError } from "../errors.js";
import type { BotEvent } from "./events.js";
import type { Topic } from "./switchboard.js";

/** Receives the events published on a topic. */
export type Handler<E extends BotEvent> = (event: E) => void;

type AnyHandler = (event: BotEvent) => void;

const noHandlers: readonly AnyHandler[] = Object.freeze([]);

/**
 * Delivers each published event synchronously to every handler subscribed to its topic or
 * to a matching pattern, in subscription order. Publishing resolves a topic's handlers once
 * and caches them, so the hot path is one map lookup and a loop. A handler that throws
 * propagates to the publisher: a broken subscriber is a programmer error and fails fast.
 *
 * @example
 * const bus = new MessageBus();
 * const unsubscribe = bus.subscribe(switchboard.allBars, (event) => console.log(event.bar.close));
 * bus.publish(switchboard.bars("BTC/USD"), barEvent);
 * unsubscribe();
 */
export class MessageBus {
  #subscriptions: readonly Subscription[] = [];
  readonly #resolved = new Map<string, readonly AnyHandler[]>();
  #published = 0;

  /** Subscribes `handler` to a topic or pattern; returns the function that unsubscribes it. */
  subscribe<E extends BotEvent>(topic: Topic<E>, handler: Handler<E>): () => void {
    this.#subscriptions = [...this.#subscriptions, { topic, handler: handler as AnyHandler }];
    this.#resolved.clear();
    return () => {
      this.unsubscribe(topic, handler);
    };
  }

  /** Removes one subscription of `handler` to `topic`; returns whether there was one. */
  unsubscribe<E extends BotEvent>(topic: Topic<E>, handler: Handler<E>): boolean {
    const index = this.#subscriptions.findIndex(
      (subscription) => subscription.topic === topic && subscription.handler === handler,
    );
    if (index === -1) return false;
    this.#subscriptions = this.#subscriptions.filter((_, position) => position !== index);
    this.#resolved.clear();
    return true;
  }

  /** Delivers `event` to every handler of `topic` (a concrete topic, not a pattern). */
  publish<E extends BotEvent>(topic: Topic<E>, event: E): void {
    this.#published++;
    const handlers = this.#resolved.get(topic) ?? this.#resolve(topic);
    for (let index = 0; index < handlers.length; index++) handlers[index]!(event);
  }

  /** Returns whether anything would receive an event published on `topic`. */
  hasSubscribers<E extends BotEvent>(topic: Topic<E>): boolean {
    return (this.#resolved.get(topic) ?? this.#resolve(topic)).length > 0;
  }

  /** Number of events published since construction or the last {@link MessageBus.clear}. */
  get publishedCount(): number {
    return this.#published;
  }

  /** Number of (topic or pattern, handler) subscriptions. */
  get subscriptionCount(): number {
    return this.#subscriptions.length;
  }

  /** Removes every subscription and resets the published count. */
  clear(): void {
    this.#subscriptions = [];
    this.#resolved.clear();
    this.#published = 0;
  }

  #resolve(topic: string): readonly AnyHandler[] {
    if (topic.includes("*")) {
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        `Invalid publish topic "${topic}": patterns are for subscribing; publish on a concrete topic`,
      );
    }
    const matched = this.#subscriptions
      .filter((subscription) => matches(subscription.topic, topic))
      .map((subscription) => subscription.handler);
    const resolved = matched.length === 0 ? noHandlers : Object.freeze(matched);
    this.#resolved.set(topic, resolved);
    return resolved;
  }
}

interface Subscription {
  readonly topic: string;
  readonly handler: AnyHandler;
}

function matches(pattern: string, topic: string): boolean {
  if (pattern.endsWith("*")) return topic.startsWith(pattern.slice(0, -1));
  return pattern === topic;
}
