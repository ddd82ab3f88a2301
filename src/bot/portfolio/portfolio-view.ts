/** @module The read-only view of the portfolio that risk and strategies depend on. */
import type { PositionSnapshot } from "../types.js";

/**
 * What a component may read about the portfolio, and nothing it may change. Money is in
 * quote currency (USD); percentages are of NAV, 0..100.
 */
export interface PortfolioView {
  readonly initialCash: number;
  /** Cash held, including cash reserved by open buy orders. */
  readonly cash: number;
  /** Cash not reserved by open buy orders. */
  readonly availableCash: number;
  /** cash + market value of positions. */
  readonly nav: number;
  /** Market value of all positions. */
  readonly positionsValue: number;
  /** Notional of open buy orders (pending exposure). */
  readonly pendingNotional: number;
  readonly pendingOrderCount: number;
  /** Positions worth at least the dust threshold. */
  readonly openPositionCount: number;
  readonly realizedPnl: number;
  readonly unrealizedPnl: number;
  readonly feesPaid: number;
  readonly dailyPnlPct: number;
  readonly weeklyPnlPct: number;
  readonly drawdownPct: number;
  readonly maxDrawdownPct: number;
  /** Quantity held of `symbol` (0 when none). */
  quantity(symbol: string): number;
  /** Market value of the position in `symbol` (0 when none). */
  positionValue(symbol: string): number;
  /** Notional of open buy orders in `symbol`. */
  pendingNotionalOf(symbol: string): number;
  /** Last known price of `symbol`, undefined before its first bar or fill. */
  markPrice(symbol: string): number | undefined;
  /** Every non-zero position. */
  positions(): readonly PositionSnapshot[];
}
