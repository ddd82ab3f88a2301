/** @module Compiles a metric's labels-object lookup into straight-line code for its label names. */
import type { LabelTrie } from "./label-trie.js";

/** Resolves a labels object to a slot. */
export type SlotLookup = (labels: object) => number;

/**
 * Generates the labels-object lookup for these label names: property reads with constant
 * names, one Map.get per label, and no allocation when the series exists. A missing label
 * reads as the empty value and a number as its decimal string (through `text`), so neither
 * leaves the fast path; anything else goes to `resolve`, which validates and creates. Label
 * names are validated identifiers, so the generated source is safe.
 */
export function compileLookup(
  names: readonly string[],
  trie: LabelTrie,
  resolve: (labels: object) => number,
  text: (value: unknown, index: number) => string,
): SlotLookup {
  if (names.length === 0) {
    return (labels: object): number => {
      for (const _key in labels) return resolve(labels);
      return 0;
    };
  }
  const reads = names.map(
    (name, index) =>
      `let v${index} = labels[${JSON.stringify(name)}]; if (typeof v${index} !== "string") v${index} = text(v${index}, ${index});`,
  );
  let walk = "";
  for (let index = 0; index < names.length; index++) {
    const from = index === 0 ? "trie.root" : `n${index}`;
    const last = index === names.length - 1;
    walk += last
      ? `const slot = ${from}.get(v${index}); if (slot !== undefined) return slot;`
      : `const n${index + 1} = ${from}.get(v${index}); if (n${index + 1} !== undefined) {`;
  }
  walk += "}".repeat(names.length - 1);
  const source = `return function lookup(labels) { ${reads.join(" ")} ${walk} return resolve(labels); };`;
  return new Function("trie", "resolve", "text", source)(trie, resolve, text) as SlotLookup;
}
