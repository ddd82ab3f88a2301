/** @module The risk engine: pre-trade checks whose denials are events, stop losses, drawdown and halts. */
import { listField, numberField, oneOfField, percentField } from "../../config/config-fields.js";
import { type ConfigSpec, resolveConfig } from "../../config/config-schema.js";
import type { Clock } from "../clock.js";
import { type CycleTelemetry, noopCycleTelemetry } from "../engine/cycle-telemetry.js";
import type { OrderIntentCreated, RegimeChanged } from "../events.js";
import type { MessageBus } from "../message-bus.js";
import type { PortfolioView } from "../portfolio/portfolio-view.js";
import type { DataQualityEvent } from "../switchboard.js";
import { switchboard } from "../switchboard.js";
import {
  type BreakerName,
  breakerNames,
  type KillSwitchSource,
  type Lifecycle,
  type Regime,
  type RiskCheck,
  regimes,
  riskChecks,
} from "../types.js";
import type { CircuitBreakers } from "./circuit-breakers.js";
import type { KillSwitch } from "./kill-switch.js";

/** Each check's position in {@link riskChecks}: what the telemetry port names it by. */
const checkIndex = Object.freeze(
  Object.fromEntries(riskChecks.map((check, index) => [check, index])) as Record<RiskCheck, number>,
);

/** Risk limits. Percentages are of NAV, 0..100. */
export interface RiskConfig {
  /** Daily loss that halts new buys until the next UTC day. Default 3 %. */
  readonly dailyStopLossPct: number;
  /** Weekly loss that halts new buys until the next week. Default 7 %. */
  readonly weeklyStopLossPct: number;
  /** Drawdown from the NAV peak that halts new buys while it lasts. Default 15 %. */
  readonly maxDrawdownPct: number;
  /** Regimes in which new buys are blocked. Default storm. */
  readonly blockedRegimes: readonly Regime[];
  /** Smallest order notional. Default 10. */
  readonly minNotional: number;
  /** A sell that would leave less than this much value sells everything instead. Default 5. */
  readonly dustThreshold: number;
  /** Least time between two buys of one symbol. Default 120 s. */
  readonly cooldownSeconds: number;
  /** Least time between any two orders. Default 0 s. */
  readonly minSpacingSeconds: number;
  /** Most positions open at once. Default 5. */
  readonly maxOpenPositions: number;
  /** Most one symbol may weigh (position + pending + order). Default 10 %. */
  readonly perSymbolCapPct: number;
  /** Most all positions plus pending buys may weigh. Default 30 %. */
  readonly maxExposurePct: number;
  /** Most pending buys may weigh. Default 10 %. */
  readonly maxPendingExposurePct: number;
  /** Share of an order's notional kept back for fees and slippage when checking cash. Default 1 %. */
  readonly cashBufferPct: number;
}

/** Default risk limits. */
export const defaultRiskConfig: RiskConfig = Object.freeze({
  dailyStopLossPct: 3,
  weeklyStopLossPct: 7,
  maxDrawdownPct: 15,
  blockedRegimes: Object.freeze(["storm"]) as readonly Regime[],
  minNotional: 10,
  dustThreshold: 5,
  cooldownSeconds: 120,
  minSpacingSeconds: 0,
  maxOpenPositions: 5,
  perSymbolCapPct: 10,
  maxExposurePct: 30,
  maxPendingExposurePct: 10,
  cashBufferPct: 1,
});

/** The rules of {@link RiskConfig}, checked at construction (a cap above 100 % turns it off). */
export const riskConfigSpec: ConfigSpec<RiskConfig> = Object.freeze({
  schema: {
    dailyStopLossPct: percentField,
    weeklyStopLossPct: percentField,
    maxDrawdownPct: percentField,
    blockedRegimes: listField(oneOfField(regimes)),
    minNotional: numberField({ min: 0 }),
    dustThreshold: numberField({ min: 0 }),
    cooldownSeconds: numberField({ min: 0 }),
    minSpacingSeconds: numberField({ min: 0 }),
    maxOpenPositions: numberField({ min: 0, integer: true }),
    perSymbolCapPct: numberField({ min: 0 }),
    maxExposurePct: numberField({ min: 0 }),
    maxPendingExposurePct: numberField({ min: 0 }),
    cashBufferPct: percentField,
  },
  defaults: defaultRiskConfig,
});

/** Halt reasons, built once so that every cycle reports the same string. */
const killSwitchReasons: Readonly<Record<KillSwitchSource, string>> = Object.freeze({
  config: "kill_switch:config",
  file: "kill_switch:file",
  http: "kill_switch:http",
  daily_stop_loss: "kill_switch:daily_stop_loss",
  weekly_stop_loss: "kill_switch:weekly_stop_loss",
  max_drawdown: "kill_switch:max_drawdown",
});
const breakerReasons = Object.freeze(
  Object.fromEntries(breakerNames.map((name) => [name, `circuit_breaker:${name}`])) as Record<
    BreakerName,
    string
  >,
);

/** The outcome of the pre-trade checks for one intent. */
export type RiskDecision =
  | { readonly approved: true; readonly quantity: number }
  | { readonly approved: false; readonly check: RiskCheck; readonly reason: string };

/**
 * Runs the pre-trade checks on each order intent, against a read-only portfolio view, the
 * kill switch, the circuit breakers, regimes and feed staleness. A failed check publishes
 * `OrderDenied { check, reason }` and returns a denial; a cap that a smaller order satisfies
 * publishes `OrderResized` and approves the smaller quantity. Nothing here throws on a
 * denial. Each check's outcome goes to the telemetry port ({@link RiskEngine.useTelemetry}); when
 * anything listens on `order.risk.checks`, one `RiskChecksEvaluated` per intent also lists the
 * checks that passed and the one that failed. {@link RiskEngine.evaluate} runs once per cycle for the time- and PnL-based halts.
 *
 * @example
 * const risk = new RiskEngine(bus, portfolio, clock, breakers, killSwitch, { maxOpenPositions: 3 });
 * risk.start();
 * risk.evaluate(clock.now());
 * const decision = risk.check(intent);
 */
export class RiskEngine implements Lifecycle {
  readonly config: RiskConfig;
  readonly #bus: MessageBus;
  readonly #portfolio: PortfolioView;
  readonly #clock: Clock;
  readonly #breakers: CircuitBreakers;
  readonly #killSwitch: KillSwitch;
  readonly #regimes = new Map<string, Regime>();
  #marketRegime: Regime = "normal";
  readonly #stale = new Set<string>();
  readonly #lastBuyAt = new Map<string, number>();
  #lastOrderAt = Number.NEGATIVE_INFINITY;
  /** The market time of the cycle being checked (the latest bar's), set by {@link evaluate}. */
  #marketTime: number | undefined;
  #unsubscribers: (() => void)[] = [];
  #telemetry: CycleTelemetry = noopCycleTelemetry;

  constructor(
    bus: MessageBus,
    portfolio: PortfolioView,
    clock: Clock,
    breakers: CircuitBreakers,
    killSwitch: KillSwitch,
    config: Partial<RiskConfig> = {},
  ) {
    this.config = resolveConfig(riskConfigSpec, config, "risk");
    this.#bus = bus;
    this.#portfolio = portfolio;
    this.#clock = clock;
    this.#breakers = breakers;
    this.#killSwitch = killSwitch;
  }

  start(): void {
    if (this.#unsubscribers.length > 0) return;
    this.#unsubscribers = [
      this.#bus.subscribe(switchboard.regime, (event) => this.onRegime(event)),
      this.#bus.subscribe(switchboard.allDataQuality, (event) => this.onDataQuality(event)),
    ];
  }

  stop(): void {
    for (const unsubscribe of this.#unsubscribers) unsubscribe();
    this.#unsubscribers = [];
  }

  reset(): void {
    this.#regimes.clear();
    this.#marketRegime = "normal";
    this.#stale.clear();
    this.#lastBuyAt.clear();
    this.#lastOrderAt = Number.NEGATIVE_INFINITY;
    this.#marketTime = undefined;
  }

  dispose(): void {
    this.stop();
  }

  /** Tracks regimes (the bus handler). */
  onRegime(event: RegimeChanged): void {
    if (event.symbol === undefined) this.#marketRegime = event.to;
    else this.#regimes.set(event.symbol, event.to);
  }

  /** Tracks stale feeds (the bus handler). */
  onDataQuality(event: DataQualityEvent): void {
    if (event.type === "DataStale") this.#stale.add(event.symbol);
    else if (event.type === "DataRecovered") this.#stale.delete(event.symbol);
  }

  /**
   * Runs the once-per-cycle checks: polls the kill file, resets breakers whose cause
   * cleared, and turns the daily stop, weekly stop and max-drawdown halts on or off.
   * `now` is operational (wall) time; `marketTime` is the cycle's bar time, which the
   * buy cooldown and order spacing count in.
   */
  evaluate(now: number, marketTime: number = now): void {
    this.#marketTime = marketTime;
    this.#killSwitch.poll(now);
    this.#breakers.evaluate(now);
    const portfolio = this.#portfolio;
    const daily = portfolio.dailyPnlPct;
    this.#killSwitch.set(
      "daily_stop_loss",
      daily <= -this.config.dailyStopLossPct,
      `daily PnL ${daily.toFixed(2)}% against a ${this.config.dailyStopLossPct}% stop`,
      now,
    );
    const weekly = portfolio.weeklyPnlPct;
    this.#killSwitch.set(
      "weekly_stop_loss",
      weekly <= -this.config.weeklyStopLossPct,
      `weekly PnL ${weekly.toFixed(2)}% against a ${this.config.weeklyStopLossPct}% stop`,
      now,
    );
    const drawdown = portfolio.drawdownPct;
    this.#killSwitch.set(
      "max_drawdown",
      drawdown >= this.config.maxDrawdownPct,
      `drawdown ${drawdown.toFixed(2)}% against a ${this.config.maxDrawdownPct}% limit`,
      now,
    );
  }

  /** Reports each rule check to `telemetry` (positions in {@link riskChecks}). */
  useTelemetry(telemetry: CycleTelemetry): void {
    this.#telemetry = telemetry;
  }

  /** Why trading is halted as a whole right now (kill switch or breaker), or undefined. */
  haltReason(): string | undefined {
    const manual = this.#killSwitch.manualHalt();
    if (manual !== undefined) return killSwitchReasons[manual];
    const tripped = this.#breakers.tripped();
    if (tripped.length > 0) return breakerReasons[tripped[0]!];
    return undefined;
  }

  /** Runs every check on `intent`, publishing denials and resizes; returns the decision. */
  check(intent: OrderIntentCreated): RiskDecision {
    const topic = switchboard.orders(intent.strategy);
    const passed: RiskCheck[] | undefined = this.#bus.hasSubscribers(switchboard.riskChecks)
      ? []
      : undefined;
    const telemetry = this.#telemetry;
    const now = this.#clock.now();
    // Cooldown and spacing are trading rules: they count market time, as strategies do.
    const marketTime = this.#marketTime ?? now;
    let quantity = intent.quantity;
    const price = intent.notional / intent.quantity;
    const buy = intent.side === "buy";
    const portfolio = this.#portfolio;
    const config = this.config;

    const deny = (check: RiskCheck, reason: string): RiskDecision => {
      telemetry.ruleChecked(checkIndex[check], false);
      if (passed !== undefined) this.#evaluated(intent.clientOrderId, passed, check, now);
      this.#bus.publish(topic, {
        type: "OrderDenied",
        timestamp: now,
        clientOrderId: intent.clientOrderId,
        strategy: intent.strategy,
        symbol: intent.symbol,
        side: intent.side,
        orderType: intent.orderType,
        check,
        reason,
        notional: quantity * price,
      });
      return { approved: false, check, reason };
    };
    const pass = (check: RiskCheck): void => {
      telemetry.ruleChecked(checkIndex[check], true);
      passed?.push(check);
    };
    const resize = (check: RiskCheck, to: number, reason: string): void => {
      this.#bus.publish(topic, {
        type: "OrderResized",
        timestamp: now,
        clientOrderId: intent.clientOrderId,
        strategy: intent.strategy,
        symbol: intent.symbol,
        side: intent.side,
        orderType: intent.orderType,
        check,
        reason,
        fromQuantity: quantity,
        toQuantity: to,
      });
      quantity = to;
    };

    const manual = this.#killSwitch.manualHalt();
    if (manual !== undefined) return deny("kill_switch", `kill switch on (${manual})`);
    pass("kill_switch");

    const tripped = this.#breakers.tripped();
    if (tripped.length > 0)
      return deny("circuit_breaker", `circuit breaker ${tripped.join(", ")} tripped`);
    pass("circuit_breaker");

    if (buy) {
      if (this.#killSwitch.isActive("daily_stop_loss")) {
        return deny(
          "daily_stop_loss",
          `daily stop loss hit (${portfolio.dailyPnlPct.toFixed(2)}%)`,
        );
      }
      pass("daily_stop_loss");
      if (this.#killSwitch.isActive("weekly_stop_loss")) {
        return deny(
          "weekly_stop_loss",
          `weekly stop loss hit (${portfolio.weeklyPnlPct.toFixed(2)}%)`,
        );
      }
      pass("weekly_stop_loss");
      if (this.#killSwitch.isActive("max_drawdown")) {
        return deny("max_drawdown", `max drawdown hit (${portfolio.drawdownPct.toFixed(2)}%)`);
      }
      pass("max_drawdown");
      const regime = this.#regimes.get(intent.symbol) ?? "normal";
      if (config.blockedRegimes.includes(regime)) {
        return deny("regime_block", `${intent.symbol} in ${regime} regime`);
      }
      if (config.blockedRegimes.includes(this.#marketRegime)) {
        return deny("regime_block", `market in ${this.#marketRegime} regime`);
      }
      pass("regime_block");
    }

    if (this.#stale.has(intent.symbol)) return deny("data_stale", `${intent.symbol} feed is stale`);
    pass("data_stale");

    if (quantity * price < config.minNotional) {
      return deny(
        "min_notional",
        `notional ${(quantity * price).toFixed(2)} below minimum ${config.minNotional}`,
      );
    }
    pass("min_notional");

    if (!buy) {
      const held = portfolio.quantity(intent.symbol);
      if (held <= 0) return deny("dust", `no ${intent.symbol} position to sell`);
      if (quantity > held) resize("dust", held, `sell capped at the ${held} held`);
      else if ((held - quantity) * price < config.dustThreshold) {
        resize(
          "dust",
          held,
          `selling the rest: ${((held - quantity) * price).toFixed(2)} would be dust`,
        );
      }
      pass("dust");
    } else {
      pass("dust");
      const lastBuy = this.#lastBuyAt.get(intent.symbol);
      if (lastBuy !== undefined && marketTime - lastBuy < config.cooldownSeconds * 1000) {
        return deny(
          "cooldown",
          `${intent.symbol} bought ${((marketTime - lastBuy) / 1000).toFixed(0)}s ago in market time (cooldown ${config.cooldownSeconds}s)`,
        );
      }
      pass("cooldown");
    }

    if (marketTime - this.#lastOrderAt < config.minSpacingSeconds * 1000) {
      return deny(
        "spacing",
        `last order ${((marketTime - this.#lastOrderAt) / 1000).toFixed(1)}s ago in market time (spacing ${config.minSpacingSeconds}s)`,
      );
    }
    pass("spacing");

    if (buy) {
      const nav = portfolio.nav;
      const holds = portfolio.positionValue(intent.symbol) >= config.dustThreshold;
      if (!holds && portfolio.openPositionCount >= config.maxOpenPositions) {
        return deny(
          "max_open_positions",
          `${portfolio.openPositionCount} positions open (max ${config.maxOpenPositions})`,
        );
      }
      pass("max_open_positions");

      const symbolRoom =
        (nav * config.perSymbolCapPct) / 100 -
        portfolio.positionValue(intent.symbol) -
        portfolio.pendingNotionalOf(intent.symbol);
      const capped = this.#fit(quantity, price, symbolRoom);
      if (capped === undefined)
        return deny("per_symbol_cap", `${intent.symbol} at its ${config.perSymbolCapPct}% cap`);
      if (capped < quantity)
        resize("per_symbol_cap", capped, `${intent.symbol} cap ${config.perSymbolCapPct}% of NAV`);
      pass("per_symbol_cap");

      const exposureRoom =
        (nav * config.maxExposurePct) / 100 - portfolio.positionsValue - portfolio.pendingNotional;
      const exposed = this.#fit(quantity, price, exposureRoom);
      if (exposed === undefined)
        return deny("exposure_cap", `exposure at its ${config.maxExposurePct}% cap`);
      if (exposed < quantity)
        resize("exposure_cap", exposed, `exposure cap ${config.maxExposurePct}% of NAV`);
      pass("exposure_cap");

      if (intent.orderType === "limit") {
        const pendingRoom = (nav * config.maxPendingExposurePct) / 100 - portfolio.pendingNotional;
        if (quantity * price > pendingRoom) {
          return deny(
            "pending_exposure_cap",
            `pending exposure would exceed ${config.maxPendingExposurePct}% of NAV`,
          );
        }
      }
      pass("pending_exposure_cap");

      const cashRoom = portfolio.availableCash / (1 + config.cashBufferPct / 100);
      const funded = this.#fit(quantity, price, cashRoom);
      if (funded === undefined)
        return deny(
          "insufficient_funds",
          `available cash ${portfolio.availableCash.toFixed(2)} too low`,
        );
      if (funded < quantity) resize("insufficient_funds", funded, "sized to available cash");
      pass("insufficient_funds");
      this.#lastBuyAt.set(intent.symbol, marketTime);
    }
    this.#lastOrderAt = marketTime;
    if (passed !== undefined) this.#evaluated(intent.clientOrderId, passed, undefined, now);
    return { approved: true, quantity };
  }

  /** Returns the quantity that fits in `room`, or undefined when what fits is below min notional. */
  #fit(quantity: number, price: number, room: number): number | undefined {
    if (quantity * price <= room) return quantity;
    if (room < this.config.minNotional) return undefined;
    return room / price;
  }

  #evaluated(
    clientOrderId: string,
    passed: readonly RiskCheck[],
    failed: RiskCheck | undefined,
    now: number,
  ): void {
    this.#bus.publish(switchboard.riskChecks, {
      type: "RiskChecksEvaluated",
      timestamp: now,
      clientOrderId,
      passed,
      failed,
    });
  }
}
