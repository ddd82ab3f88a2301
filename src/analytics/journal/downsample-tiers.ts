/** @module Default age tiers of equity-snapshot downsampling. */
import type { DownsampleTier } from "./types.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Every snapshot for a day; one a minute after a day; one every 15 minutes after a week; one an
 * hour after 90 days. A year of 10-second snapshots (3.15 M rows) thus keeps about 8,640 + 8,640 +
 * 7,968 + 6,600 ≈ 32 k rows, and a year of minute-level equity still yields exact daily returns
 * (the last point of each hour is kept, so the last of each day is too).
 */
export const defaultDownsampleTiers: readonly DownsampleTier[] = Object.freeze([
  { olderThanMs: DAY, bucketMs: MINUTE },
  { olderThanMs: 7 * DAY, bucketMs: 15 * MINUTE },
  { olderThanMs: 90 * DAY, bucketMs: HOUR },
]);
