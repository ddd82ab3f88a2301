/** @module The server settings of `tradewatch run`, checked before it listens, and listen failures as one line naming the flag or key and the value. */
import { dashboardPaths } from "../dashboard/mount-dashboard.js";
import { ConfigError, type ConfigViolation } from "../exporter/config-error.js";
import { type MetricsConfig, metricsConfigKey } from "../exporter/metrics-config.js";

type PlaneName = "data" | "order" | "strategy";

/** The server settings given on the command line (each overrides its configuration key). */
export interface ServerFlags {
  readonly host: string | undefined;
  readonly port: number | undefined;
  readonly planePorts: Readonly<Partial<Record<PlaneName, number>>>;
  /** Whether the dashboard is mounted on the main server (its paths are taken then). */
  readonly dashboard: boolean;
}

/** Paths `tradewatch run` mounts on the main server besides the metrics server's own. */
const runRoutes = ["/kill-switch"];

/**
 * Names each server setting as the user gave it: the flag when one was given, else the
 * configuration key (`metrics.port`, `METRICS_PORT`), else the default's key.
 */
function settingNames(loaded: MetricsConfig, flags: ServerFlags) {
  const name = (flag: string, given: unknown, key: Parameters<typeof metricsConfigKey>[1]) =>
    given !== undefined ? `--${flag}` : (metricsConfigKey(loaded, key) ?? `metrics.${key}`);
  return {
    host: name("host", flags.host, "host"),
    port: name("port", flags.port, "port"),
    path: metricsConfigKey(loaded, "path") ?? "metrics.path",
    plane: (plane: PlaneName) =>
      name(`${plane}-port`, flags.planePorts[plane], `planes.${plane}.port`),
  };
}

/**
 * Checks the settings `tradewatch run` will serve with (the loaded configuration with the
 * flags applied) before anything starts: each server has its own port (0 picks a free one),
 * and the metrics path is not a path the bot serves itself (the dashboard at `/`, the kill
 * switch). Throws one {@link ConfigError} with every violation.
 */
export function checkServerSettings(
  config: MetricsConfig,
  loaded: MetricsConfig,
  flags: ServerFlags,
): void {
  if (!config.enabled) return;
  const names = settingNames(loaded, flags);
  const violations: ConfigViolation[] = [];
  const taken = new Map<number, string>();
  if (config.port !== 0) taken.set(config.port, names.port);
  for (const [plane, port] of Object.entries(config.planes) as [PlaneName, number][]) {
    const name = names.plane(plane);
    const other = taken.get(port);
    if (other !== undefined) {
      violations.push({
        key: name,
        message: invalidSetting(
          name,
          port,
          `the port of ${quote(other)} too; each server needs a port of its own`,
        ),
      });
    } else if (port !== 0) {
      taken.set(port, name);
    }
  }
  const mounted = [...runRoutes, ...(flags.dashboard ? Object.values(dashboardPaths) : [])];
  if (mounted.includes(config.path)) {
    violations.push({
      key: names.path,
      message: invalidSetting(
        names.path,
        config.path,
        `the bot serves ${config.path === "/" ? "its dashboard" : "this route"} there; choose another path such as /metrics`,
      ),
    });
  }
  if (violations.length > 0) throw new ConfigError(violations);
}

/**
 * Runs `start` (which binds the servers of `config`) and turns a failure to listen into a
 * {@link ConfigError} naming the flag or key and the value: a port in use or needing
 * privileges, a host that does not resolve or is not an address of this machine. Any other
 * error passes through unchanged.
 *
 * @example
 * const exporter = await listening(exporterConfig, metricsConfig, options, () => startExporter(exporterConfig));
 */
export async function listening<T>(
  config: MetricsConfig,
  loaded: MetricsConfig,
  flags: ServerFlags,
  start: () => Promise<T>,
): Promise<T> {
  try {
    return await start();
  } catch (error) {
    throw listenError(error, config, loaded, flags) ?? error;
  }
}

function listenError(
  error: unknown,
  config: MetricsConfig,
  loaded: MetricsConfig,
  flags: ServerFlags,
): ConfigError | undefined {
  const failure = error as (NodeJS.ErrnoException & { port?: number; address?: string }) | null;
  const code = failure?.code;
  if (typeof code !== "string") return undefined;
  const names = settingNames(loaded, flags);
  const host = config.host;
  const hostError = (why: string) =>
    new ConfigError(names.host, invalidSetting(names.host, host, why));
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") {
    return hostError("the name does not resolve to an address (DNS lookup failed)");
  }
  if (code === "EADDRNOTAVAIL") {
    return hostError(
      "not an address of this machine; use 127.0.0.1, 0.0.0.0 or a local interface's address",
    );
  }
  if (code !== "EADDRINUSE" && code !== "EACCES") return undefined;
  const port = failure?.port;
  const plane = (Object.entries(config.planes) as [PlaneName, number][]).find(
    ([, planePort]) => planePort === port,
  )?.[0];
  const name = plane === undefined ? names.port : names.plane(plane);
  const where = `${failure?.address ?? host}:${port ?? "?"}`;
  return new ConfigError(
    name,
    code === "EADDRINUSE"
      ? invalidSetting(
          name,
          port,
          `${where} is already in use by another process; stop it or choose another port`,
        )
      : invalidSetting(
          name,
          port,
          `listening on ${where} was refused (permission denied; ports below 1024 need privileges)`,
        ),
  );
}

/**
 * One line naming the setting and its value, as flags and config keys word them elsewhere:
 * `Invalid --port "9555": ...`, `Invalid config "METRICS_PORT": was 9555, ...`.
 */
function invalidSetting(name: string, value: unknown, rule: string): string {
  return name.startsWith("--")
    ? `Invalid ${name} "${String(value)}": ${rule}`
    : `Invalid config "${name}": was ${JSON.stringify(value)}, ${rule}`;
}

/** A flag as is, a configuration key in quotes. */
function quote(name: string): string {
  return name.startsWith("--") ? name : `"${name}"`;
}
