/** @module The position sizer: turns a strategy's signal into an order proposal, a pure function of its inputs. */
import type { PortfolioView } from "../portfolio/portfolio-view.js";
import type { Bar, OrderSide, OrderType } from "../types.js";

/** Sizing settings (part of the engine's config). */
export interface PositionSizerConfig {
  /** Position size at full signal strength, % of NAV. */
  readonly targetPositionPct: number;
  /** Buy signals below this strength are ignored. */
  readonly minSignalStrength: number;
  /** Buy signals below this confidence are ignored. */
  readonly minSignalConfidence: number;
  /** Limit buys are placed this far below the close, in basis points. */
  readonly limitOffsetBps: number;
}

/** An order a strategy's signal proposes, before the risk engine sees it. */
export interface Proposal {
  readonly strategy: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly quantity: number;
  readonly price: number;
  readonly limitPrice: number | undefined;
  readonly strength: number;
}

/** A strategy's signal on one bar, with what the sizer needs to know of the strategy. */
export interface SizingInput {
  readonly strategy: string;
  /** The order type the strategy enters with. */
  readonly entryOrderType: OrderType;
  readonly bar: Bar;
  readonly direction: "buy" | "sell" | "flat";
  readonly strength: number;
  readonly confidence: number;
  /** The strategy that owns the symbol's position (opened it), if any. */
  readonly owner: string | undefined;
}

/**
 * Returns the order a signal proposes, or undefined. A sell closes the whole position, and only
 * for the strategy that owns it. A buy aims at `targetPositionPct` of NAV scaled by the signal's
 * strength, tops up only a position (held plus pending) below half that target, and is refused to
 * a strategy that does not own the symbol's position; limit entries are placed
 * `limitOffsetBps` below the close.
 *
 * @example
 * const proposal = sizePosition({ strategy: "trend_momentum", entryOrderType: "market", bar, direction: "buy", strength: 0.8, confidence: 0.6, owner: undefined }, portfolio, config);
 */
export function sizePosition(
  input: SizingInput,
  portfolio: PortfolioView,
  config: PositionSizerConfig,
): Proposal | undefined {
  const { strategy, bar, owner, strength } = input;
  if (input.direction === "sell") {
    const held = portfolio.quantity(bar.symbol);
    if (owner !== strategy || held <= 0) return undefined;
    return {
      strategy,
      symbol: bar.symbol,
      side: "sell",
      orderType: "market",
      quantity: held,
      price: bar.close,
      limitPrice: undefined,
      strength,
    };
  }
  if (input.direction !== "buy") return undefined;
  if (strength < config.minSignalStrength || input.confidence < config.minSignalConfidence)
    return undefined;
  if (owner !== undefined && owner !== strategy) return undefined;
  const target = (portfolio.nav * config.targetPositionPct * strength) / 100;
  const current = portfolio.positionValue(bar.symbol) + portfolio.pendingNotionalOf(bar.symbol);
  if (current >= target * 0.5) return undefined;
  const limit = input.entryOrderType === "limit";
  const price = limit ? bar.close * (1 - config.limitOffsetBps / 10_000) : bar.close;
  return {
    strategy,
    symbol: bar.symbol,
    side: "buy",
    orderType: input.entryOrderType,
    quantity: (target - current) / price,
    price,
    limitPrice: limit ? price : undefined,
    strength,
  };
}
