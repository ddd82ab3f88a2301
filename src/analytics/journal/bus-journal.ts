/** @module Subscribes the trade journal to the bot's message bus. */

import type { OrderEvent, PortfolioUpdated } from "../../bot/events.js";
import type { MessageBus } from "../../bot/message-bus.js";
import { switchboard } from "../../bot/switchboard.js";
import type { Journal } from "./journal.js";

/** Options of {@link attachJournal}. */
export interface BusJournalOptions {
  /** Minimum bot-clock milliseconds between two equity snapshots (default 10 000). */
  readonly equityIntervalMs?: number | undefined;
  /**
   * Prefix of journaled fill ids (`{scope}:{tradeId}`). Leave unset when trade ids are unique
   * across restarts (a real exchange's), so a fill delivered again after a restart is recognised;
   * set it to something unique per run when they are not (a paper exchange counting from `T1`).
   */
  readonly fillIdScope?: string | undefined;
}

/** What {@link attachJournal} returns. */
export interface BusJournal {
  /** Unsubscribes from the bus; the journal stays open (close it yourself). */
  detach(): void;
  /** Fills journaled through this subscription (duplicates excluded). */
  readonly fillsRecorded: number;
  /** Equity snapshots journaled through this subscription. */
  readonly snapshotsRecorded: number;
  /** Journals order events that were published before it subscribed, as if it had seen them. */
  journalOrderEvents(events: readonly OrderEvent[]): void;
}

/**
 * Subscribes `journal` to the bot's order and portfolio topics: order events update the order
 * book, `OrderFilled` journals the fill (committed to disk before `publish` returns to the bot,
 * which is what makes a fill the bot has moved past durable), `PortfolioUpdated` journals an
 * equity snapshot at most every `equityIntervalMs` of bot time and every change of a position's
 * quantity as the bot reports it.
 *
 * Subscribe it before the components that act on fills, so the fill is on disk before anything
 * reacts to it.
 *
 * @example
 * const journal = Journal.open({ path: defaultJournalPath("paper"), botId: "paper", initialCash: 10_000 });
 * const busJournal = attachJournal(bus, journal);
 * // on shutdown
 * busJournal.detach();
 * journal.close();
 */
export function attachJournal(
  bus: MessageBus,
  journal: Journal,
  options: BusJournalOptions = {},
): BusJournal {
  const equityIntervalMs = options.equityIntervalMs ?? 10_000;
  const scope = options.fillIdScope === undefined ? "" : `${options.fillIdScope}:`;
  let lastSnapshot = journal.portfolio().lastEquity?.timestamp ?? Number.NEGATIVE_INFINITY;
  let fillsRecorded = 0;
  let snapshotsRecorded = 0;
  const reported = new Map<string, { quantity: number; realizedPnl: number }>();

  const onOrder = (event: OrderEvent): void => {
    switch (event.type) {
      case "OrderIntentCreated":
      case "OrderSubmitted":
        journal.recordOrder({
          orderId: event.clientOrderId,
          strategy: event.strategy,
          symbol: event.symbol,
          side: event.side,
          type: event.orderType,
          quantity: event.quantity,
          price: event.limitPrice,
          status: event.type === "OrderSubmitted" ? "submitted" : "created",
          timestamp: event.timestamp,
        });
        return;
      case "OrderResized":
        journal.recordOrder({
          orderId: event.clientOrderId,
          strategy: event.strategy,
          symbol: event.symbol,
          side: event.side,
          type: event.orderType,
          quantity: event.toQuantity,
          status: "resized",
          reason: event.reason,
          timestamp: event.timestamp,
        });
        return;
      case "OrderDenied":
        if (
          !journal.updateOrderStatus(event.clientOrderId, "denied", event.timestamp, event.reason)
        ) {
          journal.recordOrder({
            orderId: event.clientOrderId,
            strategy: event.strategy,
            symbol: event.symbol,
            side: event.side,
            type: event.orderType,
            quantity: 0,
            status: "denied",
            reason: event.reason,
            timestamp: event.timestamp,
          });
        }
        return;
      case "OrderAcknowledged":
        journal.updateOrderStatus(event.clientOrderId, "acknowledged", event.timestamp);
        return;
      case "OrderFilled": {
        const acknowledgement = journal.recordFill({
          fillId: `${scope}${event.tradeId}`,
          orderId: event.clientOrderId,
          strategy: event.strategy,
          symbol: event.symbol,
          side: event.side,
          quantity: event.quantity,
          price: event.price,
          fee: event.fee,
          timestamp: event.timestamp,
        });
        if (acknowledgement.recorded) fillsRecorded++;
        return;
      }
      case "OrderCancelled":
        journal.updateOrderStatus(event.clientOrderId, "cancelled", event.timestamp, event.reason);
        return;
      case "OrderRejected":
        journal.updateOrderStatus(
          event.clientOrderId,
          "rejected",
          event.timestamp,
          `${event.errorClass}: ${event.reason}`,
        );
        return;
    }
  };

  const onPortfolio = (event: PortfolioUpdated): void => {
    const seen = new Set<string>();
    for (const position of event.positions) {
      seen.add(position.symbol);
      if (reported.get(position.symbol)?.quantity !== position.quantity) {
        reported.set(position.symbol, position);
        journal.recordPositionChange({ ...position, timestamp: event.timestamp });
      }
    }
    for (const [symbol, last] of reported) {
      if (!seen.has(symbol) && last.quantity !== 0) {
        // The bot dropped the position from its report: it went flat.
        reported.set(symbol, { quantity: 0, realizedPnl: last.realizedPnl });
        journal.recordPositionChange({
          symbol,
          quantity: 0,
          averagePrice: 0,
          realizedPnl: last.realizedPnl,
          timestamp: event.timestamp,
        });
      }
    }
    if (event.timestamp - lastSnapshot >= equityIntervalMs) {
      lastSnapshot = event.timestamp;
      journal.recordEquity({ timestamp: event.timestamp, equity: event.nav }, event.cash);
      snapshotsRecorded++;
    }
  };

  const unsubscribeOrders = bus.subscribe(switchboard.allOrders, onOrder);
  const unsubscribePortfolio = bus.subscribe(switchboard.portfolio, onPortfolio);
  return {
    detach() {
      unsubscribeOrders();
      unsubscribePortfolio();
    },
    get fillsRecorded() {
      return fillsRecorded;
    },
    get snapshotsRecorded() {
      return snapshotsRecorded;
    },
    journalOrderEvents(events) {
      for (const event of events) onOrder(event);
    },
  };
}
