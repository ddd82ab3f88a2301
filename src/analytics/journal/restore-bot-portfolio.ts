/** @module Restores the reference bot's portfolio from a journal after a restart. */
import type { OrderFilled } from "../../bot/events.js";
import type { Portfolio } from "../../bot/portfolio/portfolio.js";
import { JournalError } from "../journal-error.js";
import type { Journal } from "./journal.js";
import type { PortfolioState } from "./types.js";

/**
 * Books every journaled fill, in journal order, into a fresh reference-bot `Portfolio` through
 * its own `applyFill` (the same code and order of operations as live), without publishing
 * anything, then checks that cash and every symbol's quantity and realised PnL equal the
 * journal's last committed state, bit for bit. Returns that state.
 *
 * Throws a {@link JournalError} naming the journal when it cannot restore exactly: the portfolio
 * started with other cash, the journal holds deposits or withdrawals (the bot has no such
 * operation), or fills were deleted by a retention setting.
 *
 * @example
 * const bot = await createBot(config);
 * const journal = Journal.open({ path: defaultJournalPath("paper"), initialCash: bot.portfolio.initialCash });
 * restoreBotPortfolio(journal, bot.portfolio); // before bot.run()
 */
export function restoreBotPortfolio(journal: Journal, portfolio: Portfolio): PortfolioState {
  const state = journal.portfolio();
  if (state.fillCount === 0) return state;
  const fail = (problem: string): never => {
    throw new JournalError(
      "ERR_RESTORE_MISMATCH",
      `Journal "${journal.path}" cannot restore the bot's portfolio: ${problem}`,
      journal.path,
    );
  };
  if (state.netDeposits !== portfolio.initialCash) {
    fail(
      `the journal's initial cash and deposits are ${state.netDeposits}, the bot started with ${portfolio.initialCash}`,
    );
  }
  const fills = journal.fills();
  if (fills.length !== state.fillCount) {
    fail(
      `${state.fillCount - fills.length} of its ${state.fillCount} fills were deleted by retention`,
    );
  }
  for (const fill of fills) {
    const event: OrderFilled = {
      type: "OrderFilled",
      timestamp: fill.timestamp,
      clientOrderId: fill.orderId ?? fill.fillId,
      strategy: fill.strategy,
      symbol: fill.symbol,
      side: fill.side,
      orderType: "market",
      exchangeOrderId: "",
      tradeId: fill.fillId,
      quantity: fill.quantity,
      price: fill.price,
      notional: fill.quantity * fill.price,
      fee: fill.fee,
      liquidity: "taker",
      slippageBps: 0,
      partial: false,
      filledQuantity: fill.quantity,
      remainingQuantity: 0,
      ackToFillSeconds: 0,
      totalFillSeconds: 0,
    };
    portfolio.applyFill(event);
  }
  if (portfolio.cash !== state.cash) {
    fail(`replayed cash was ${portfolio.cash}, the journal's is ${state.cash}`);
  }
  for (const position of state.positions) {
    const booked = portfolio.positions().find((snapshot) => snapshot.symbol === position.symbol);
    const quantity = booked?.quantity ?? 0;
    const realized = booked?.realizedPnl ?? 0;
    if (quantity !== position.quantity || realized !== position.realizedPnl) {
      fail(
        `replayed ${position.symbol} was ${quantity} with realised PnL ${realized}, the journal's is ${position.quantity} with ${position.realizedPnl}`,
      );
    }
  }
  return state;
}
