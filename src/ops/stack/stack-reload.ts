/** @module `tradewatch stack reload`: checks the stack directory's configuration with promtool and amtool, then makes the running Prometheus and Alertmanager load it (`POST /-/reload`). */
import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { TradewatchError } from "../../errors.js";
import { readStackState } from "./stack-state.js";

/** Where the checkers are; Debian's `prometheus` and `prometheus-alertmanager` packages ship them. */
export interface ReloadTools {
  readonly promtool?: string | undefined;
  readonly amtool?: string | undefined;
}

/** What `stack reload` reloaded, by component, with the file it loaded. */
export interface ReloadedComponent {
  readonly name: "prometheus" | "alertmanager";
  readonly target: string;
  readonly file: string;
}

const run = promisify(execFile);

/**
 * The checker's error on one line: promtool prints `FAILED: ...` and continues a YAML
 * error on the lines below (`yaml: unmarshal errors:` then `line 4: field ... not found`).
 */
function firstError(output: string): string {
  const lines = output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !/^(Checking|SUCCESS|Found:)/.test(line));
  const start = Math.max(
    0,
    lines.findIndex((line) => /FAILED|error|err/i.test(line)),
  );
  let message = lines[start] ?? "";
  for (const next of lines.slice(start + 1)) {
    if (!message.endsWith(":")) break;
    message = `${message} ${next}`;
  }
  return message
    .replace(/^\s*FAILED:\s*/, "")
    .replace(/^parsing YAML file \S+: /, "")
    .slice(0, 400);
}

async function check(
  name: string,
  binary: string,
  args: readonly string[],
  file: string,
): Promise<void> {
  try {
    await run(binary, [...args], { timeout: 30_000 });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    const why = firstError(`${failure.stderr ?? ""}\n${failure.stdout ?? ""}`) || failure.message;
    throw new TradewatchError(
      "ERR_STACK_RELOAD_FAILED",
      `Invalid ${name} configuration ${file}: ${why}; nothing was reloaded`,
    );
  }
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Checks `<directory>/prometheus/prometheus.yml` (with its rule files) with
 * `promtool check config` and `<directory>/alertmanager/alertmanager.yml` with
 * `amtool check-config`, and only when both pass POSTs `/-/reload` to the running
 * Prometheus and Alertmanager `stack up` recorded. Throws `ERR_STACK_RELOAD_FAILED` with
 * one line when nothing runs, a check fails, or a server refuses the reload.
 */
export async function stackReload(
  directory: string,
  tools: ReloadTools = {},
): Promise<ReloadedComponent[]> {
  const home = resolve(directory);
  const state = await readStackState(home);
  const files = {
    prometheus: join(home, "prometheus", "prometheus.yml"),
    alertmanager: join(home, "alertmanager", "alertmanager.yml"),
  } as const;
  const running = (["prometheus", "alertmanager"] as const).flatMap((name) => {
    const recorded = state.components[name];
    return recorded !== undefined && recorded.pid > 0 && isAlive(recorded.pid)
      ? [{ name, target: recorded.target, file: files[name] }]
      : [];
  });
  if (running.length === 0) {
    throw new TradewatchError(
      "ERR_STACK_RELOAD_FAILED",
      `Nothing to reload in ${home}: no Prometheus or Alertmanager runs from it (start it with "tradewatch stack up --dir ${directory}")`,
    );
  }
  await check(
    "Prometheus",
    tools.promtool ?? "/usr/bin/promtool",
    ["check", "config", files.prometheus],
    files.prometheus,
  );
  await check(
    "Alertmanager",
    tools.amtool ?? "/usr/bin/amtool",
    ["check-config", files.alertmanager],
    files.alertmanager,
  );
  for (const component of running) {
    const response = await fetch(`http://${component.target}/-/reload`, {
      method: "POST",
      signal: AbortSignal.timeout(30_000),
    }).catch((error: Error) => {
      throw new TradewatchError(
        "ERR_STACK_RELOAD_FAILED",
        `Cannot reload ${component.name} on ${component.target}: ${error.message}`,
      );
    });
    if (!response.ok) {
      const body = (await response.text()).trim().split("\n")[0]?.slice(0, 300);
      throw new TradewatchError(
        "ERR_STACK_RELOAD_FAILED",
        `${component.name} on ${component.target} refused to reload ${component.file}: HTTP ${response.status} ${body}`,
      );
    }
  }
  return running;
}
