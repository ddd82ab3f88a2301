/** @module `tradewatch ops generate --receivers-from-env`: the bundle's alertmanager.yml for docker compose, with the receivers the environment sets. */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { main } from "../../src/cli/main.js";

describe("ops generate --receivers-from-env", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("writes the receivers whose variables are set, and none of the others", async () => {
    const directory = await mkdtemp(join(tmpdir(), "tradewatch-generate-"));
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    vi.stubEnv("ALERT_WEBHOOK_URL", "http://127.0.0.1:5001/alerts");
    vi.stubEnv("PAGERDUTY_ROUTING_KEY", "key");
    vi.stubEnv("SLACK_WEBHOOK_URL", "");
    vi.stubEnv("ALERT_EMAIL_TO", "");
    try {
      const out = join(directory, "deploy");
      expect(
        await main(["ops", "generate", "--out", out, "--root", directory, "--receivers-from-env"]),
      ).toBe(0);
      const config = parse(
        await readFile(join(out, "alertmanager", "alertmanager.yml"), "utf8"),
      ) as {
        receivers: { name: string; webhook_configs?: { url: string }[] }[];
      };
      expect(config.receivers.map((receiver) => receiver.name)).toEqual([
        "none",
        "webhook",
        "pagerduty",
      ]);
      expect(config.receivers[1]?.webhook_configs?.[0]?.url).toBe("http://127.0.0.1:5001/alerts");
      expect(JSON.stringify(config)).not.toContain('"key"');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
