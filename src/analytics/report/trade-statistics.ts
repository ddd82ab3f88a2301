/** @module Computes every trade statistic for a list of closed trades. */
import { averageLoss } from "../statistics/average-loss.js";
import { averageWin } from "../statistics/average-win.js";
import { bestTrade } from "../statistics/best-trade.js";
import { expectancy } from "../statistics/expectancy.js";
import { longestLossStreak } from "../statistics/longest-loss-streak.js";
import { longestWinStreak } from "../statistics/longest-win-streak.js";
import { payoffRatio } from "../statistics/payoff-ratio.js";
import { profitFactor } from "../statistics/profit-factor.js";
import { tradesPerDay } from "../statistics/trades-per-day.js";
import { winRate } from "../statistics/win-rate.js";
import { worstTrade } from "../statistics/worst-trade.js";
import type { TradeInput, TradeStatistics } from "./types.js";

/**
 * Returns the trade statistics of `trades` (ordered by close time for the streaks) over the
 * window `[from, to]` (used for trades per day; the trades' own span when omitted).
 */
export function tradeStatistics(
  trades: readonly TradeInput[],
  window: { readonly from?: number | undefined; readonly to?: number | undefined } = {},
): TradeStatistics {
  const ordered = [...trades].sort((a, b) => a.closedAt - b.closedAt);
  const pnls = ordered.map((trade) => trade.pnl);
  let netPnl = 0;
  for (const pnl of pnls) netPnl += pnl;
  return {
    trades: pnls.length,
    netPnl,
    winRate: winRate(pnls),
    averageWin: averageWin(pnls),
    averageLoss: averageLoss(pnls),
    profitFactor: profitFactor(pnls),
    expectancy: expectancy(pnls),
    payoffRatio: payoffRatio(pnls),
    longestWinStreak: longestWinStreak(pnls),
    longestLossStreak: longestLossStreak(pnls),
    currentWinStreak: trailing(pnls, (pnl) => pnl > 0),
    currentLossStreak: trailing(pnls, (pnl) => pnl <= 0),
    bestTrade: bestTrade(pnls),
    worstTrade: worstTrade(pnls),
    tradesPerDay: tradesPerDay(
      ordered.map((trade) => trade.closedAt),
      window,
    ),
  };
}

/** Counts the trailing PnLs that satisfy `test` (the streak still running). */
function trailing(pnls: readonly number[], test: (pnl: number) => boolean): number {
  let count = 0;
  for (let index = pnls.length - 1; index >= 0 && test(pnls[index]!); index--) count++;
  return count;
}
