/** @module Test helper: parses a Prometheus text scrape into samples and finds them by name and labels. */

/** One sample line of a scrape. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Parses every sample line of a text-format (0.0.4 or OpenMetrics) scrape. */
export function parseScrape(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (match === null) throw new Error(`Unparseable scrape line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]!] = pair[2]!.replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** Returns the samples called `name` whose labels include all of `labels`. */
export function findSamples(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): Sample[] {
  return parseScrape(text).filter(
    (sample) =>
      sample.name === name &&
      Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
}

/** Returns the one sample called `name` with these labels (all of them), or throws. */
export function sampleValue(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number {
  const found = findSamples(text, name, labels);
  if (found.length !== 1) {
    throw new Error(
      `Expected one sample ${name}${JSON.stringify(labels)}, found ${found.length} in:\n${text}`,
    );
  }
  return found[0]!.value;
}
