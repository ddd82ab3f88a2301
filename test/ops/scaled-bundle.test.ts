/** @module The bundle with every duration scaled by one factor, as the end-to-end test and the soak run it: promtool accepts its rules and its prometheus.yml. */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultBundleOptions } from "../../src/ops/bundle-options.js";
import { alertRuleGroups } from "../../src/ops/generate/alert-rules.js";
import { prometheusConfig } from "../../src/ops/generate/prometheus-config.js";
import { recordingRuleGroups } from "../../src/ops/generate/recording-rules.js";
import { yamlFile } from "../../src/ops/generate/yaml-file.js";
import { runPromtool } from "../support/promtool.js";

describe("the bundle scaled by one time factor", () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "tradewatch-scaled-"));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  for (const timeScale of [1 / 60, 0.37, 1 / 600]) {
    it(`passes promtool check rules and check config at ${timeScale.toFixed(4)}`, async () => {
      const folder = join(directory, String(timeScale));
      await mkdir(join(folder, "rules"), { recursive: true });
      const alerts = alertRuleGroups(defaultBundleOptions, { timeScale });
      await writeFile(join(folder, "rules", "alerts.yml"), yamlFile(alerts));
      await writeFile(
        join(folder, "rules", "recording.yml"),
        yamlFile(recordingRuleGroups(defaultBundleOptions)),
      );
      const config = prometheusConfig(defaultBundleOptions, { timeScale });
      await writeFile(join(folder, "prometheus.yml"), yamlFile(config));

      const rules = await runPromtool(["check", "rules", join(folder, "rules", "alerts.yml")]);
      expect(rules.problems).toEqual([]);
      expect(rules.stdout).toMatch(/SUCCESS: 26 rules found/);

      const checked = await runPromtool(["check", "config", join(folder, "prometheus.yml")]);
      expect(checked.stdout + checked.stderr).toMatch(/SUCCESS: 2 rule files found/);
      expect(checked.exitCode).toBe(0);

      const global = config.global as Record<string, string>;
      expect(global.scrape_interval).toBe(global.evaluation_interval);
    });
  }
});
