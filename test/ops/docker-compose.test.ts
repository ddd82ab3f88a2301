/** @module The generated docker-compose.yml: Alertmanager's secrets land where its configuration reads them, outside any read-only bind, the Pushgateway persists like `stack up`'s, and the long-term profile adds VictoriaMetrics with Prometheus remote-writing to it. */
import { posix } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { defaultBundleOptions } from "../../src/ops/bundle-options.js";
import { alertmanagerSecrets } from "../../src/ops/generate/alertmanager-config.js";
import {
  longTermPrometheusConfig,
  prometheusConfigVariable,
  retentionVariable,
} from "../../src/ops/generate/docker-compose.js";
import { generateBundle } from "../../src/ops/generate-bundle.js";

interface Service {
  command: string[];
  volumes?: string[];
  secrets?: { source: string; target: string }[];
  profiles?: string[];
  network_mode?: string;
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

/** Compose's `${VAR:-default}` interpolation, with `env` as the shell's environment. */
const interpolate = (text: string, env: Record<string, string>) =>
  text.replace(/\$\{(\w+):-([^}]*)\}/g, (_, name: string, fallback: string) =>
    env[name] === undefined || env[name] === "" ? fallback : env[name],
  );

/** The bundle file a container path of the service reads, through its read-only binds of the bundle. */
function bundleFileAt(service: Service, containerPath: string): string | undefined {
  for (const mount of mounts(service)) {
    if (!mount.source.startsWith("./")) continue;
    if (containerPath.startsWith(`${mount.target}/`)) {
      return `${mount.source.slice(2)}${containerPath.slice(mount.target.length)}`;
    }
  }
  return undefined;
}

const yamlOf = (path: string) =>
  parse(bundle.find((file) => file.path === path)!.content) as {
    rule_files?: string[];
    remote_write?: { url: string }[];
    datasources?: { url: string }[];
  };

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

  it("runs the default profile without the long-term store: no VictoriaMetrics, Prometheus on prometheus/prometheus.yml (no remote_write)", () => {
    const defaults = Object.entries(compose.services)
      .filter(([, service]) => service.profiles === undefined)
      .map(([name]) => name)
      .sort();
    expect(defaults).toEqual(["alertmanager", "grafana", "prometheus", "pushgateway"]);
    const prometheus = compose.services.prometheus!;
    const flag = prometheus.command.find((entry) => entry.startsWith("--config.file="))!;
    const config = bundleFileAt(prometheus, interpolate(flag.slice("--config.file=".length), {}));
    expect(config).toBe("prometheus/prometheus.yml");
    expect(yamlOf(config!).remote_write).toBeUndefined();
  });

  it("adds VictoriaMetrics in the long-term profile, where long-term/prometheus.yml remote-writes and Grafana's long-term datasource reads, its data on a volume, retention 1y as stack up's", () => {
    const victoria = compose.services["victoria-metrics"]!;
    expect(victoria.profiles).toEqual(["long-term"]);
    expect(victoria.network_mode).toBe("host");
    const flag = (name: string) =>
      victoria.command.find((entry) => entry.startsWith(`-${name}=`))?.slice(name.length + 2);
    const listen = flag("httpListenAddr");
    expect(listen).toBe("127.0.0.1:8428");
    expect(interpolate(flag("retentionPeriod")!, {})).toBe("1y");
    expect(interpolate(flag("retentionPeriod")!, { [retentionVariable]: "90d" })).toBe("90d");
    const data = flag("storageDataPath")!;
    const volume = mounts(victoria).find((mount) => data === mount.target);
    expect(volume?.readOnly).toBe(false);
    expect(Object.keys(compose.volumes)).toContain(volume!.source);

    const longTerm = yamlOf("long-term/prometheus.yml");
    expect(longTerm.remote_write?.map((entry) => new URL(entry.url).host)).toEqual([listen]);
    const datasource = yamlOf("grafana/provisioning/datasources/victoria-metrics.yml");
    expect(datasource.datasources?.map((entry) => new URL(entry.url).host)).toEqual([listen]);
  });

  it("in the long-term profile Prometheus runs long-term/prometheus.yml, and its rule_files reach the same rules as the default profile's", () => {
    const prometheus = compose.services.prometheus!;
    const flag = prometheus.command.find((entry) => entry.startsWith("--config.file="))!;
    const containerPath = interpolate(flag.slice("--config.file=".length), {
      [prometheusConfigVariable]: longTermPrometheusConfig,
    });
    expect(containerPath).toBe(longTermPrometheusConfig);
    expect(bundleFileAt(prometheus, containerPath)).toBe("long-term/prometheus.yml");
    const paths = bundle.map((file) => file.path);
    for (const pattern of yamlOf("long-term/prometheus.yml").rule_files ?? []) {
      const rulesDirectory = posix.dirname(posix.resolve(posix.dirname(containerPath), pattern));
      const bundled = bundleFileAt(prometheus, `${rulesDirectory}/x`)?.replace(/\/x$/, "");
      expect(bundled, pattern).toBe("prometheus/rules");
      expect(paths.filter((path) => path.startsWith(`${bundled}/`))).toEqual([
        "prometheus/rules/alerts.yml",
        "prometheus/rules/recording.yml",
      ]);
    }
  });
});
