/** @module Parses a retention period such as `90d`. */
import { JournalError } from "../journal-error.js";

const units: Readonly<Record<string, number>> = { h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Returns the milliseconds of a retention period written as a positive integer and a unit:
 * `h` (hours), `d` (days) or `w` (weeks), e.g. `90d`. Throws a {@link JournalError} naming the value.
 */
export function parseRetention(text: string): number {
  const match = /^(\d+)\s*([hdw])$/.exec(text.trim());
  if (match === null || Number(match[1]) === 0) {
    throw new JournalError(
      "ERR_INVALID_CONFIG",
      `Invalid retention "${text}": must be a positive whole number of hours, days or weeks, such as 90d`,
    );
  }
  return Number(match[1]) * units[match[2]!]!;
}
