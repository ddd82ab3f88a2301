/** @module The feature-cache port: strategies ask it for a feature per (feature, symbol, bar time). */

/**
 * Where strategies get their indicator features. `get` returns the value of `feature` for
 * `symbol` at `barTime` (epoch ms, market time), from a cache when it has it, else from
 * `compute`. It is synchronous, as a strategy's `onBar` is: an implementation over async
 * stores (Redis, Postgres) answers from its in-process layer and consults the slower ones
 * in the background. A cached value must equal what `compute` returns.
 */
export interface FeatureCache {
  get(feature: string, symbol: string, barTime: number, compute: () => number): number;
}

/** The default: no cache, every feature computed where it is asked for. */
export const directFeatureCache: FeatureCache = Object.freeze({
  get: (_feature: string, _symbol: string, _barTime: number, compute: () => number) => compute(),
});
