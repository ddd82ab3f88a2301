import { describe, expect, it } from "vitest";
import { defaultBundleOptions } from "../bundle-options.js";
import { durationMilliseconds } from "./alerts/time-scale.js";
import { prometheusConfig } from "./prometheus-config.js";

type Global = Record<string, string>;
type Job = { job_name: string; honor_labels?: boolean; static_configs: { labels?: object }[] };

describe("prometheusConfig", () => {
  it("writes the bundle's interval as is, with Prometheus's default timeout, at scale 1", () => {
    const global = prometheusConfig(defaultBundleOptions).global as Global;
    expect(global).toMatchObject({ scrape_interval: "15s", evaluation_interval: "15s" });
    expect(global.scrape_timeout).toBeUndefined();
  });

  it("scales the intervals and keeps the scrape timeout within the scrape interval", () => {
    for (const [timeScale, interval, timeout] of [
      [1 / 60, "250ms", "167ms"],
      [1 / 600, "25ms", "17ms"],
      [2, "30s", "20s"],
    ] as const) {
      const global = prometheusConfig(defaultBundleOptions, { timeScale }).global as Global;
      expect(global).toMatchObject({
        scrape_interval: interval,
        evaluation_interval: interval,
        scrape_timeout: timeout,
      });
    }
    const explicit = prometheusConfig(defaultBundleOptions, {
      timeScale: 1 / 60,
      scrapeInterval: "100ms",
    }).global as Global;
    expect(explicit.scrape_interval).toBe("100ms");
    expect(durationMilliseconds(explicit.scrape_timeout!)).toBeLessThanOrEqual(100);
  });

  it("labels each plane's target with its plane, so that up says which plane is down", () => {
    const jobs = prometheusConfig(defaultBundleOptions).scrape_configs as Job[];
    const planes = jobs.find((job) => job.job_name === "tradewatch-planes");
    expect(planes?.honor_labels).toBe(true);
    expect(planes?.static_configs.map((config) => config.labels)).toEqual([
      { plane: "data" },
      { plane: "order" },
      { plane: "strategy" },
    ]);
  });
});
