/** @module The label trie: label values, one level per label name, down to a series slot. */

/** A trie level: label value to the next level, or to the slot number at the last level. */
export type LabelTrieLevel = Map<string, LabelTrieLevel | number>;

/**
 * Maps label-value tuples (one string per declared label name, in declaration order) to slots
 * through nested Maps, so a lookup hashes strings whose hash V8 has already cached and
 * allocates nothing. Iteration is in insertion order.
 */
export class LabelTrie {
  /** The first level; replaced by {@link clear}. Read directly by generated lookups. */
  root: LabelTrieLevel = new Map();
  private readonly depth: number;

  constructor(depth: number) {
    this.depth = depth;
  }

  /** Returns the slot of these values, or undefined. */
  find(values: readonly string[]): number | undefined {
    const last = values.length - 1;
    let node: LabelTrieLevel = this.root;
    for (let depth = 0; depth < last; depth++) {
      const next = node.get(values[depth]!);
      if (next === undefined) return undefined;
      node = next as LabelTrieLevel;
    }
    return node.get(values[last]!) as number | undefined;
  }

  /** Maps these values to `slot`. */
  insert(values: readonly string[], slot: number): void {
    let node: LabelTrieLevel = this.root;
    const last = values.length - 1;
    for (let depth = 0; depth < last; depth++) {
      const value = values[depth]!;
      let next = node.get(value) as LabelTrieLevel | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(value, next);
      }
      node = next;
    }
    node.set(values[last]!, slot);
  }

  /** Removes these values and the levels they leave empty; returns their slot, or undefined. */
  delete(values: readonly string[]): number | undefined {
    const path: LabelTrieLevel[] = [];
    let node: LabelTrieLevel = this.root;
    for (let depth = 0; depth < values.length - 1; depth++) {
      path.push(node);
      const next = node.get(values[depth]!);
      if (next === undefined) return undefined;
      node = next as LabelTrieLevel;
    }
    const last = values[values.length - 1]!;
    const slot = node.get(last);
    if (slot === undefined) return undefined;
    node.delete(last);
    for (let depth = values.length - 2; depth >= 0 && node.size === 0; depth--) {
      const parent = path[depth]!;
      parent.delete(values[depth]!);
      node = parent;
    }
    return slot as number;
  }

  /** Removes every entry. */
  clear(): void {
    this.root = new Map();
  }

  /** Calls `visit` with each entry's values (one reused array) and slot, in insertion order. */
  forEach(visit: (values: readonly string[], slot: number) => void): void {
    const values: string[] = new Array(this.depth).fill("");
    const walk = (node: LabelTrieLevel, depth: number): void => {
      const last = depth === this.depth - 1;
      for (const [value, child] of node) {
        values[depth] = value;
        if (last) visit(values, child as number);
        else walk(child as LabelTrieLevel, depth + 1);
      }
    };
    walk(this.root, 0);
  }
}
