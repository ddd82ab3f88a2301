/** @module A t-digest: exact quantiles for small samples, bounded-memory estimates beyond. */

/**
 * Up to this many observations the digest keeps every distinct value as its own centroid, so
 * its quantiles are exact and equal prom-client's: prom-client's t-digest (tdigest 0.1.3,
 * delta 0.01) merges a value into a neighbour only once `4 n delta p (1 - p) >= 1`, which
 * needs n >= 100.
 */
const EXACT_LIMIT = 100;

/**
 * Dunning's merging t-digest with the k1 (arcsine) scale function past {@link EXACT_LIMIT}
 * observations. Quantiles interpolate linearly between centroid centres (a centroid's mass is
 * centred on its mean) and clamp to the first and last centroid, as prom-client's do.
 */
export class TDigest {
  private readonly compression: number;
  private means: number[] = [];
  private weights: number[] = [];
  private buffer: number[] = [];
  private readonly bufferLimit: number;
  private totalWeight = 0;

  constructor(compression = 100) {
    this.compression = compression;
    this.bufferLimit = Math.ceil(compression * 5);
  }

  /** Returns the number of observations. */
  get count(): number {
    return this.totalWeight + this.buffer.length;
  }

  /** Adds one observation. */
  push(value: number): void {
    this.buffer.push(value);
    if (this.buffer.length >= this.bufferLimit) this.merge();
  }

  /** Forgets every observation. */
  reset(): void {
    this.means = [];
    this.weights = [];
    this.buffer = [];
    this.totalWeight = 0;
  }

  /** Returns the estimated `q` quantile (0..1), or NaN with no observations. */
  percentile(q: number): number {
    this.merge();
    const count = this.totalWeight;
    if (count === 0) return Number.NaN;
    const means = this.means;
    const weights = this.weights;
    const target = q * count;
    let cumulative = 0;
    let previousCentre = 0;
    for (let index = 0; index < means.length; index++) {
      const weight = weights[index]!;
      const centre = cumulative + weight / 2;
      if (centre > target) {
        if (index === 0) return means[0]!;
        if (previousCentre === target) return means[index - 1]!;
        const lower = means[index - 1]!;
        return (
          lower + ((target - previousCentre) * (means[index]! - lower)) / (centre - previousCentre)
        );
      }
      previousCentre = centre;
      cumulative += weight;
    }
    return means[means.length - 1]!;
  }

  /** Merges the buffer into the sorted centroids, equal values into one; compresses past the exact limit. */
  private merge(): void {
    if (this.buffer.length === 0) return;
    const incoming = this.buffer.sort((a, b) => a - b);
    this.buffer = [];
    const means: number[] = [];
    const weights: number[] = [];
    const append = (mean: number, weight: number): void => {
      const last = means.length - 1;
      if (last >= 0 && means[last] === mean) weights[last]! += weight;
      else {
        means.push(mean);
        weights.push(weight);
      }
    };
    let i = 0;
    let j = 0;
    while (i < this.means.length || j < incoming.length) {
      if (j >= incoming.length || (i < this.means.length && this.means[i]! <= incoming[j]!)) {
        append(this.means[i]!, this.weights[i]!);
        i++;
      } else {
        append(incoming[j]!, 1);
        j++;
      }
    }
    const total = this.totalWeight + incoming.length;
    this.totalWeight = total;
    if (total <= EXACT_LIMIT) {
      this.means = means;
      this.weights = weights;
      return;
    }
    const mergedMeans: number[] = [];
    const mergedWeights: number[] = [];
    let cumulative = 0;
    let kLimit = this.k(0) + 1;
    let currentMean = means[0]!;
    let currentWeight = weights[0]!;
    for (let index = 1; index < means.length; index++) {
      const weight = weights[index]!;
      const projected = cumulative + currentWeight + weight;
      if (this.k(projected / total) <= kLimit) {
        currentMean += ((means[index]! - currentMean) * weight) / (currentWeight + weight);
        currentWeight += weight;
      } else {
        mergedMeans.push(currentMean);
        mergedWeights.push(currentWeight);
        cumulative += currentWeight;
        kLimit = this.k(cumulative / total) + 1;
        currentMean = means[index]!;
        currentWeight = weight;
      }
    }
    mergedMeans.push(currentMean);
    mergedWeights.push(currentWeight);
    this.means = mergedMeans;
    this.weights = mergedWeights;
  }

  /** The k1 scale function: centroids shrink towards the tails. */
  private k(q: number): number {
    return (this.compression / (2 * Math.PI)) * Math.asin(2 * Math.min(1, Math.max(0, q)) - 1);
  }
}
