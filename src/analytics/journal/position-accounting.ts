/** @module Average-cost accounting: applies one fill to a netted position. */
import type { ClosedTrade, FillInput, PositionState } from "./types.js";

/** The effect of one fill on its symbol's position and on cash. */
export interface FillEffect {
  readonly position: PositionState;
  /** Cash change: `-signedQuantity × price - fee`. */
  readonly cashDelta: number;
  /** PnL realised by the fill: closed quantity × (price - average entry) × direction, minus its fee. */
  readonly realizedPnl: number;
  /** The round trip this fill completed, if it brought the position to flat (or through it). */
  readonly closedTrade: ClosedTrade | undefined;
}

/**
 * Returns cash after a fill: `(cash - quantity × price) - fee` for a buy, `cash + (quantity × price -
 * fee)` for a sell, evaluated in that order so the result matches, bit for bit, a bot that books
 * fills the same way (the reference bot's portfolio does).
 */
export function cashAfterFill(cash: number, fill: FillInput): number {
  const notional = fill.quantity * fill.price;
  const fee = fill.fee ?? 0;
  return fill.side === "buy" ? cash - notional - fee : cash + (notional - fee);
}

/** Returns a flat position for `symbol` with nothing realised. */
export function flatPosition(symbol: string, strategy: string, timestamp: number): PositionState {
  return {
    symbol,
    quantity: 0,
    averagePrice: 0,
    realizedPnl: 0,
    fees: 0,
    strategy,
    openedAt: undefined,
    entryQuantity: 0,
    entryNotional: 0,
    exitQuantity: 0,
    exitNotional: 0,
    tradeFees: 0,
    tradeGross: 0,
    updatedAt: timestamp,
  };
}

/**
 * Applies a fill to a netted position with the average-cost method. A fill in the position's
 * direction (or from flat) raises the quantity and re-averages the entry price; a fill against it
 * realises `closed × (price - averagePrice) × sign(quantity)`; a fill larger than the position
 * closes it (a round trip ends) and opens the rest the other way at the fill price, its fee split
 * pro rata. Quantities within `epsilon` of zero snap to flat. Deterministic: the same fills in the
 * same order give bit-identical state, which is what makes a restore exact.
 */
export function applyFill(position: PositionState, fill: FillInput, epsilon: number): FillEffect {
  const fee = fill.fee ?? 0;
  const strategy = fill.strategy ?? "default";
  const direction = fill.side === "buy" ? 1 : -1;
  let quantity = position.quantity;
  let averagePrice = position.averagePrice;
  let {
    openedAt,
    entryQuantity,
    entryNotional,
    exitQuantity,
    exitNotional,
    tradeFees,
    tradeGross,
  } = position;
  let tradeStrategy = position.strategy;
  let remaining = fill.quantity;
  let feeLeft = fee;
  let gross = 0;
  let closedTrade: ClosedTrade | undefined;

  if (quantity !== 0 && Math.sign(quantity) !== direction) {
    const held = Math.sign(quantity);
    const closed = Math.min(Math.abs(quantity), remaining);
    const closeFee = remaining === closed ? fee : (fee * closed) / fill.quantity;
    const realized = closed * (fill.price - averagePrice) * held;
    gross += realized;
    tradeGross += realized;
    tradeFees += closeFee;
    exitQuantity += closed;
    exitNotional += closed * fill.price;
    quantity -= held * closed;
    remaining -= closed;
    feeLeft -= closeFee;
    if (Math.abs(quantity) <= epsilon) {
      closedTrade = {
        strategy: tradeStrategy,
        symbol: fill.symbol,
        side: held > 0 ? "long" : "short",
        quantity: entryQuantity,
        entryPrice: entryQuantity > 0 ? entryNotional / entryQuantity : Number.NaN,
        exitPrice: exitQuantity > 0 ? exitNotional / exitQuantity : Number.NaN,
        fee: tradeFees,
        pnl: tradeGross - tradeFees,
        openedAt,
        closedAt: fill.timestamp,
      };
      quantity = 0;
      averagePrice = 0;
      openedAt = undefined;
      entryQuantity = entryNotional = exitQuantity = exitNotional = tradeFees = tradeGross = 0;
    }
    if (remaining <= epsilon) remaining = 0;
  }

  if (remaining > 0) {
    if (quantity === 0) {
      openedAt = fill.timestamp;
      tradeStrategy = strategy;
    }
    const held = Math.abs(quantity);
    averagePrice = (held * averagePrice + remaining * fill.price) / (held + remaining);
    quantity += direction * remaining;
    entryQuantity += remaining;
    entryNotional += remaining * fill.price;
    tradeFees += feeLeft;
  }

  const realizedPnl = gross - fee;
  return {
    position: {
      symbol: fill.symbol,
      quantity,
      averagePrice,
      realizedPnl: position.realizedPnl + realizedPnl,
      fees: position.fees + fee,
      strategy: tradeStrategy,
      openedAt,
      entryQuantity,
      entryNotional,
      exitQuantity,
      exitNotional,
      tradeFees,
      tradeGross,
      updatedAt: fill.timestamp,
    },
    cashDelta: -direction * fill.quantity * fill.price - fee,
    realizedPnl,
    closedTrade,
  };
}
