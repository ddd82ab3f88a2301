/** @module Resolves a static-or-computed labels option for one call. */
import type { LabelsOption, LabelValues } from "./types.js";

const EMPTY: LabelValues = Object.freeze({});

/** Returns the labels for a call with these arguments. */
export function resolveLabels<Args extends readonly unknown[]>(
  option: LabelsOption<Args> | undefined,
  args: Args,
): LabelValues {
  if (option === undefined) return EMPTY;
  return typeof option === "function" ? option(...args) : option;
}
