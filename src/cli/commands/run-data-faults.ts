/** @module `tradewatch run --data-fault-rate`: the simulated market's data-plane faults and order flow, on by default for the reference bot. */
import type { SimulatedMarketConfig } from "../../bot/market/simulated/simulated-market.js";
import type { MarketSource } from "../../bot/types.js";
import { numberOption } from "../number-option.js";

/**
 * The default chance per tick of each data-plane fault on `tradewatch run`: with four symbols,
 * four ticks a bar and a bar every 200 ms, about one clock-drifted and one malformed tick every
 * 12 seconds.
 */
export const defaultDataFaultRate = 0.001;

/** The help lines of `--data-fault-rate`. */
export const dataFaultRateHelp = `  --data-fault-rate <p>     chance per tick of each data-plane fault on the simulated market:
                            a clock-drifted timestamp (rejected), a malformed message (sent to
                            the dead-letter queue) (default ${defaultDataFaultRate}; 0 turns them off)`;

/**
 * Returns the simulated market settings `tradewatch run` adds: signed tick volumes (so the
 * feed monitor measures order flow imbalance) and clock-drifted and malformed ticks at `--data-fault-rate`
 * (default {@link defaultDataFaultRate}). Other markets get nothing; a bad value is a
 * `ConfigError` naming the flag.
 *
 * @example dataFaultSettings("0.01", "sim") // { signedVolumes: true, clockDriftRate: 0.01, malformedTickRate: 0.01 }
 */
export function dataFaultSettings(
  value: string | undefined,
  market: MarketSource,
): Partial<SimulatedMarketConfig> {
  const rate = numberOption("data-fault-rate", value, 0, 1) ?? defaultDataFaultRate;
  if (market !== "sim") return {};
  return { signedVolumes: true, clockDriftRate: rate, malformedTickRate: rate };
}
