/** @module A merging t-digest: bounded-memory quantile estimates, most exact in the tails. */

/**
 * Dunning's merging t-digest with the k1 (arcsine) scale function. Observations are buffered
 * and merged into at most about `compression` centroids, so memory stays bounded whatever the
 * observation count, and quantiles near 0 and 1 stay precise.
 */
export class TDigest {
  private readonly compression: number;
  private means: number[] = [];
  private weights: number[] = [];
  private buffer: number[] = [];
  private readonly bufferLimit: number;
  private totalWeight = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;

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
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.buffer.length >= this.bufferLimit) this.merge();
  }

  /** Forgets every observation. */
  reset(): void {
    this.means = [];
    this.weights = [];
    this.buffer = [];
    this.totalWeight = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
  }

  /** Returns the estimated `q` quantile (0..1), or NaN with no observations. */
  percentile(q: number): number {
    this.merge();
    const count = this.totalWeight;
    if (count === 0) return Number.NaN;
    if (q <= 0) return this.min;
    if (q >= 1) return this.max;
    const means = this.means;
    const weights = this.weights;
    if (means.length === 1) return means[0]!;
    const target = q * count;
    // Each centroid's mass is centred on its mean; interpolate between neighbouring centres.
    let cumulative = 0;
    for (let index = 0; index < means.length; index++) {
      const weight = weights[index]!;
      const centre = cumulative + weight / 2;
      if (target < centre) {
        if (index === 0) {
          // Between the minimum and the first centre.
          const fraction = weight === 1 ? 1 : target / centre;
          return this.min + (means[0]! - this.min) * fraction;
        }
        const previousCentre = cumulative - weights[index - 1]! / 2;
        const fraction = (target - previousCentre) / (centre - previousCentre);
        return means[index - 1]! + (means[index]! - means[index - 1]!) * fraction;
      }
      cumulative += weight;
    }
    const lastWeight = weights[means.length - 1]!;
    const lastCentre = count - lastWeight / 2;
    const fraction = lastWeight === 1 ? 0 : (target - lastCentre) / (count - lastCentre);
    return means[means.length - 1]! + (this.max - means[means.length - 1]!) * fraction;
  }

  private merge(): void {
    if (this.buffer.length === 0) return;
    const incoming = this.buffer.sort((a, b) => a - b);
    this.buffer = [];
    // Merge the sorted buffer with the sorted centroids.
    const means: number[] = [];
    const weights: number[] = [];
    let i = 0;
    let j = 0;
    while (i < this.means.length || j < incoming.length) {
      if (j >= incoming.length || (i < this.means.length && this.means[i]! <= incoming[j]!)) {
        means.push(this.means[i]!);
        weights.push(this.weights[i]!);
        i++;
      } else {
        means.push(incoming[j]!);
        weights.push(1);
        j++;
      }
    }
    const total = this.totalWeight + incoming.length;
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
    this.totalWeight = total;
  }

  /** The k1 scale function: centroids shrink towards the tails. */
  private k(q: number): number {
    return (this.compression / (2 * Math.PI)) * Math.asin(2 * Math.min(1, Math.max(0, q)) - 1);
  }
}
