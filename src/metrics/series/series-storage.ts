/** @module Series storage: float64 slots in chunks that never move, with a free list. */

/**
 * Series live in chunks of a Float64Array each; chunk k holds `FIRST_CHUNK_SERIES << k` series,
 * so small metrics stay small and a chunk never moves once made: a bound handle keeps a direct
 * reference to its chunk and the index of its first value.
 */
const FIRST_CHUNK_SERIES = 8;

/** Returns the chunk that holds a slot. */
export function chunkOf(slot: number): number {
  return 28 - Math.clz32(slot + FIRST_CHUNK_SERIES);
}

/** Returns the position of a slot inside its chunk, in series. */
export function positionInChunk(slot: number, chunk: number): number {
  return slot + FIRST_CHUNK_SERIES - (FIRST_CHUNK_SERIES << chunk);
}

/** What a bound handle exposes to its metric so the metric can detach it. */
export interface SeriesHandle {
  chunk: Float64Array;
  index: number;
}

/**
 * The values of a metric's series: each series owns `stride` consecutive float64 values in a
 * chunk. Slots freed by removed series are reused; the handle bound to a slot, if any, is kept
 * here so a removal can detach it.
 */
export class SeriesStorage {
  /** The chunks; the array is shared with the metric, which reads it on its record path. */
  readonly chunks: Float64Array[] = [];
  readonly handles: (SeriesHandle | undefined)[] = [];
  readonly stride: number;
  private nextSlot = 0;
  private freeSlots: number[] = [];
  private count = 0;

  constructor(stride: number) {
    this.stride = stride;
  }

  /** Returns the number of live series. */
  get size(): number {
    return this.count;
  }

  /** Returns the chunk holding a slot. */
  chunkFor(slot: number): Float64Array {
    return this.chunks[chunkOf(slot)]!;
  }

  /** Returns the index of a slot's first value inside its chunk. */
  indexFor(slot: number): number {
    return positionInChunk(slot, chunkOf(slot)) * this.stride;
  }

  /** Takes a zeroed slot, reusing a freed one first. */
  allocate(): number {
    this.count++;
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    const slot = this.nextSlot++;
    const chunk = chunkOf(slot);
    if (chunk === this.chunks.length) {
      this.chunks.push(new Float64Array((FIRST_CHUNK_SERIES << chunk) * this.stride));
    }
    return slot;
  }

  /** Zeroes a slot, detaches its handle and returns it to the free list. */
  release(slot: number): void {
    const handle = this.handles[slot];
    if (handle !== undefined) {
      this.detach(handle);
      this.handles[slot] = undefined;
    }
    const index = this.indexFor(slot);
    this.chunkFor(slot).fill(0, index, index + this.stride);
    this.freeSlots.push(slot);
    this.count--;
  }

  /**
   * Zeroes every slot and frees all but `kept`; returns the freed slots. Handles of kept slots
   * keep working; handles of freed ones are dropped (their slots were not bound).
   */
  resetKeeping(kept: ReadonlySet<number>): number[] {
    for (const chunk of this.chunks) chunk.fill(0);
    this.freeSlots = [];
    this.count = kept.size;
    const freed: number[] = [];
    for (let slot = this.nextSlot - 1; slot >= 0; slot--) {
      if (kept.has(slot)) continue;
      this.handles[slot] = undefined;
      this.freeSlots.push(slot);
      freed.push(slot);
    }
    return freed;
  }

  /** Points a handle at private storage, so a removed series' handle can't write to a reused slot. */
  private detach(handle: SeriesHandle): void {
    handle.chunk = new Float64Array(this.stride);
    handle.index = 0;
  }
}
