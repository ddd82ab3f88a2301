/** @module The generated docker-compose.yml: Alertmanager's secrets land where its configuration reads them, outside any read-only bind, and the Pushgateway persists like `stack up`'s. */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { defaultBundleOptions } from "../../src/ops/bundle-options.js";
import { alertmanagerSecrets } from "../../src/ops/generate/alertmanager-config.js";
import { generateBundle } from "../../src/ops/generate-bundle.js";

interface Service {
  command: string[];
  volumes?: string[];
  secrets?: { source: string; target: string }[];
}

const bundle = generateBundle(defaultBundleOptions);
const compose = parse(bundle.find((file) => file.path === "docker-compose.yml")!.content) as {
  services: Record<string, Service>;
  secrets: Record<string, { environment?: string; file?: string }>;
  volumes: Record<string, unknown>;
};

/** The service's mounts as [source, container path, read-only]. */
const mounts = (service: Service) =>
  (service.volumes ?? []).map((volume) => {
    const [source = "", target = "", mode] = volume.split(":");
    return { source, target, readOnly: mode === "ro" };
  });

describe("docker-compose.yml", () => {
  it("mounts each Alertmanager secret where alertmanager.yml's relative *_file path points, never inside a bind of the bundle that lacks it", () => {
    const alertmanager = compose.services.alertmanager!;
    const configFlag = alertmanager.command.find((flag) => flag.startsWith("--config.file="))!;
    const configDirectory = configFlag.slice("--config.file=".length).replace(/\/[^/]+$/, "");
    const targets = (alertmanager.secrets ?? []).map((secret) => secret.target).sort();
    expect(targets).toEqual(
      alertmanagerSecrets.map((secret) => `${configDirectory}/${secret.file}`).sort(),
    );
    for (const secret of alertmanager.secrets ?? []) {
      expect(compose.secrets[secret.source]).toBeDefined();
      for (const mount of mounts(alertmanager)) {
        if (!mount.source.startsWith("./") || !secret.target.startsWith(`${mount.target}/`))
          continue;
        // A secret inside a bind mount needs its mount point in the bundle's folder.
        const inBundle = `${mount.source.slice(2)}${secret.target.slice(mount.target.length)}`;
        expect(
          bundle.map((file) => file.path),
          `${secret.target} inside ${mount.source}`,
        ).toContain(inBundle);
      }
    }
    // The configuration itself comes from the bundle, read-only.
    expect(mounts(alertmanager)).toContainEqual({
      source: "./alertmanager/alertmanager.yml",
      target: `${configDirectory}/alertmanager.yml`,
      readOnly: true,
    });
    expect(bundle.map((file) => file.path)).toContain("alertmanager/alertmanager.yml");
  });

  it("persists the Pushgateway's metrics on a named volume, as stack up does", () => {
    const pushgateway = compose.services.pushgateway!;
    const flag = pushgateway.command.find((entry) => entry.startsWith("--persistence.file="));
    expect(flag).toBeDefined();
    const file = flag!.slice("--persistence.file=".length);
    const volume = mounts(pushgateway).find((mount) => file.startsWith(`${mount.target}/`));
    expect(volume).toBeDefined();
    expect(volume!.readOnly).toBe(false);
    expect(Object.keys(compose.volumes)).toContain(volume!.source);
  });
});
