/** @module Classifies free text into a closed set by its most specific matching rule, not its first. */

/** One rule: text matching `pattern` is evidence for `category`, as strong as `weight`. */
export interface ClassifierRule<C extends string> {
  readonly category: C;
  readonly pattern: RegExp;
  /** 3: a phrase only this category uses; 2: a word specific to it; 1: a generic word. */
  readonly weight: number;
}

/**
 * Returns a classifier that scores each category by its strongest matching rule and picks the
 * highest score; ties go to the category listed first in `priority`. Text matching no rule is
 * `fallback`. The result is always one of the categories, never a piece of the input.
 *
 * Seed 000 returned the first rule whose substring matched, so "Insufficient balance: order
 * exceeds limit" and "max exposure cap" landed wherever the rule order put them; scoring
 * decides by the most specific evidence instead.
 */
export function scoredClassifier<C extends string>(
  rules: readonly ClassifierRule<C>[],
  priority: readonly C[],
  fallback: C,
): (text: string) => C {
  const rank = new Map<C, number>(priority.map((category, index) => [category, index]));
  return (text) => {
    let best = fallback;
    let bestWeight = 0;
    let bestRank = Number.POSITIVE_INFINITY;
    for (const rule of rules) {
      if (rule.weight < bestWeight) continue;
      if (!rule.pattern.test(text)) continue;
      const ruleRank = rank.get(rule.category) ?? priority.length;
      if (rule.weight > bestWeight || ruleRank < bestRank) {
        best = rule.category;
        bestWeight = rule.weight;
        bestRank = ruleRank;
      }
    }
    return best;
  };
}
