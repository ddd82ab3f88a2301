/** @module The recorder's execution part: orders, fills, trades, slippage, fees and order latency legs. */

import type { Side } from "../../../catalog/label-values.js";
import { UNIVERSE_OTHER } from "../../../catalog/types.js";
import { clampRatio } from "../../ratio-argument.js";
import type { SymbolRecorder, TradingRecorder } from "../../trading-recorder.js";
import type { OrderTimestamps } from "../../types.js";
import { BoundSymbolRecorder } from "../bound-symbol-recorder.js";
import type { CatalogFamilies } from "../catalog-families.js";
import type { CatalogFamily, FamilyKind, HandleOf } from "../catalog-family.js";

/** Records the execution domain, and binds a symbol's series (its data and portfolio ones too). */
export class ExecutionPart
  implements
    Pick<
      TradingRecorder,
      | "recordOrderIntent"
      | "recordOrderPlaced"
      | "recordOrderFilled"
      | "recordOrderCanceled"
      | "recordOrderRejection"
      | "recordFillRatio"
      | "trackTrade"
      | "recordPositionClosed"
      | "recordSlippage"
      | "recordCommission"
      | "recordOrderTimestamps"
      | "recordPovDownscale"
      | "bindSymbol"
    >
{
  private readonly families: CatalogFamilies;
  private readonly orderIntents;
  private readonly ordersPlaced;
  private readonly ordersPlacedNotional;
  private readonly ordersFilled;
  private readonly ordersCanceled;
  private readonly ordersRejected;
  private readonly trades;
  private readonly tradedNotional;
  private readonly positionsClosed;
  private readonly slippage;
  private readonly fillRatio: HandleOf<"gauge">;
  private readonly commission: HandleOf<"counter">;
  private readonly povDownscales: HandleOf<"counter">;
  private readonly orderLegs: readonly [
    HandleOf<"histogram">,
    HandleOf<"histogram">,
    HandleOf<"histogram">,
    HandleOf<"histogram">,
  ];

  constructor(families: CatalogFamilies) {
    this.families = families;
    this.orderIntents = families.get("order_intents");
    this.ordersPlaced = families.get("orders_placed");
    this.ordersPlacedNotional = families.get("orders_placed_notional");
    this.ordersFilled = families.get("orders_filled");
    this.ordersCanceled = families.get("orders_canceled");
    this.ordersRejected = families.get("orders_rejected");
    this.trades = families.get("trades");
    this.tradedNotional = families.get("traded_notional");
    this.positionsClosed = families.get("positions_closed");
    this.slippage = families.get("slippage");
    this.fillRatio = families.get("fill_ratio").handle0();
    this.commission = families.get("commission").handle0();
    this.povDownscales = families.get("pov_downscales").handle0();
    this.orderLegs = [
      families.get("order_intent_to_submit").handle0(),
      families.get("order_submit_to_ack").handle0(),
      families.get("order_ack_to_fill").handle0(),
      families.get("order_intent_to_fill").handle0(),
    ];
  }

  recordOrderIntent(strategy: string): void {
    this.orderIntents.handle1(strategy).inc();
  }

  recordOrderPlaced(symbol: string, side: Side, notionalUsd?: number): void {
    this.ordersPlaced.handle2(side, symbol).inc();
    if (notionalUsd !== undefined && notionalUsd > 0) {
      this.ordersPlacedNotional.handle1(side).inc(notionalUsd);
    }
  }

  recordOrderFilled(symbol: string, side: Side): void {
    this.ordersFilled.handle2(side, symbol).inc();
  }

  recordOrderCanceled(symbol: string): void {
    this.ordersCanceled.handle1(symbol).inc();
  }

  recordOrderRejection(reason: unknown): void {
    this.ordersRejected.handle1(reason).inc();
  }

  recordFillRatio(fills: number, totalOrders: number): void {
    this.fillRatio.set(totalOrders > 0 ? clampRatio(fills / totalOrders) : 0);
  }

  trackTrade(symbol: string, side: Side, quantity: number, fillPrice: number): void {
    this.trades.handle2(side, symbol).inc();
    const notional = Math.abs(quantity * fillPrice);
    if (notional > 0 && Number.isFinite(notional)) {
      this.tradedNotional.handle1(side).inc(notional);
    }
  }

  recordPositionClosed(realizedPnlUsd: number): void {
    const outcome = realizedPnlUsd > 0 ? "win" : realizedPnlUsd < 0 ? "loss" : "breakeven";
    this.positionsClosed.handle1(outcome).inc();
  }

  recordSlippage(side: Side, expectedPrice: number, fillPrice: number): void {
    if (!(expectedPrice > 0)) return;
    const worse = side === "buy" ? fillPrice - expectedPrice : expectedPrice - fillPrice;
    this.slippage.handle1(side).observe(worse / expectedPrice);
  }

  recordCommission(usd: number): void {
    if (usd > 0) this.commission.inc(usd);
  }

  recordOrderTimestamps(timestamps: OrderTimestamps): void {
    const { intentAtMs, submittedAtMs, acknowledgedAtMs, filledAtMs } = timestamps;
    const [intentToSubmit, submitToAck, ackToFill, intentToFill] = this.orderLegs;
    if (intentAtMs !== undefined && submittedAtMs !== undefined) {
      intentToSubmit.observe(Math.max(submittedAtMs - intentAtMs, 0) / 1000);
    }
    if (submittedAtMs !== undefined && acknowledgedAtMs !== undefined) {
      submitToAck.observe(Math.max(acknowledgedAtMs - submittedAtMs, 0) / 1000);
    }
    if (acknowledgedAtMs !== undefined && filledAtMs !== undefined) {
      ackToFill.observe(Math.max(filledAtMs - acknowledgedAtMs, 0) / 1000);
    }
    if (intentAtMs !== undefined && filledAtMs !== undefined) {
      intentToFill.observe(Math.max(filledAtMs - intentAtMs, 0) / 1000);
    }
  }

  recordPovDownscale(): void {
    this.povDownscales.inc();
  }

  bindSymbol(symbol: string, source: string = UNIVERSE_OTHER): SymbolRecorder {
    const bySide = <K extends FamilyKind>(family: CatalogFamily<K>) =>
      [family.handle1("buy"), family.handle1("sell")] as const;
    const bySideAndSymbol = <K extends FamilyKind>(family: CatalogFamily<K>) =>
      [family.handle2("buy", symbol), family.handle2("sell", symbol)] as const;
    const families = this.families;
    return new BoundSymbolRecorder(symbol, {
      ticks: families.get("ticks_received").handle2(source, symbol),
      freshness: families.get("data_freshness").handle1(source),
      placed: bySideAndSymbol(this.ordersPlaced),
      placedNotional: bySide(this.ordersPlacedNotional),
      filled: bySideAndSymbol(this.ordersFilled),
      trades: bySideAndSymbol(this.trades),
      tradedNotional: bySide(this.tradedNotional),
      positionValue: families.get("position_value").handle1(symbol),
      completeness: families.get("completeness_score").handle1(symbol),
      imbalance: families.get("order_flow_imbalance_events").handle1(symbol),
    });
  }
}
