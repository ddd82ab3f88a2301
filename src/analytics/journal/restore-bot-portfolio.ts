/** @module Restores the reference bot's portfolio from a journal after a restart. */
import type { OrderFilled } from "../../bot/events.js";
import {
  dayStart,
  monthStart,
  type Portfolio,
  type PortfolioBaselines,
  weekStart,
} from "../../bot/portfolio/portfolio.js";
import { JournalError } from "../journal-error.js";
import type { Journal } from "./journal.js";
import type { EquityPoint, PortfolioState } from "./types.js";

/**
 * Books every journaled fill, in journal order, into a fresh reference-bot `Portfolio` through
 * its own `applyFill` (the same code and order of operations as live), without publishing
 * anything, then checks that cash and every symbol's quantity and realised PnL equal the
 * journal's last committed state, bit for bit, and restores the PnL baselines (day and week start
 * NAV, NAV peak, maximum drawdown) from its equity curve, so the daily and weekly stop losses and
 * the drawdown halt hold across a restart. Returns that state.
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
  const baselines = equityBaselines(journal.equity(), portfolio.initialCash);
  if (baselines !== undefined) portfolio.restoreBaselines(baselines);
  return state;
}

/**
 * Returns the PnL baselines the bot had at its last equity snapshot: the NAV of the first snapshot
 * of that day, week and month (what the live portfolio took as its baseline), the NAV peak and the
 * maximum drawdown over the journal's equity curve. Undefined for a journal without snapshots.
 */
export function equityBaselines(
  points: readonly EquityPoint[],
  initialCash: number,
): PortfolioBaselines | undefined {
  const last = points.at(-1);
  if (last === undefined) return undefined;
  const day = dayStart(last.timestamp);
  const week = weekStart(last.timestamp);
  const month = monthStart(last.timestamp);
  let dayStartNav: number | undefined;
  let weekStartNav: number | undefined;
  let monthStartNav: number | undefined;
  let peakNav = initialCash;
  let maxDrawdownPct = 0;
  for (const point of points) {
    if (dayStartNav === undefined && point.timestamp >= day) dayStartNav = point.equity;
    if (weekStartNav === undefined && point.timestamp >= week) weekStartNav = point.equity;
    if (monthStartNav === undefined && point.timestamp >= month) monthStartNav = point.equity;
    if (point.equity > peakNav) peakNav = point.equity;
    const drawdown = peakNav > 0 ? ((peakNav - point.equity) / peakNav) * 100 : 0;
    if (drawdown > maxDrawdownPct) maxDrawdownPct = drawdown;
  }
  return {
    at: last.timestamp,
    dayStartNav: dayStartNav ?? last.equity,
    weekStartNav: weekStartNav ?? last.equity,
    monthStartNav: monthStartNav ?? last.equity,
    peakNav,
    maxDrawdownPct,
  };
}
