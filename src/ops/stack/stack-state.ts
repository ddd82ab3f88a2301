/** @module The state file of a local stack (`stack.json` in its directory): what `stack up` started, where, and the hashes of the files it generated, so that `status` and `down` find non-default ports and `up` notices an operator's edits. */
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The services of the local stack: three always, VictoriaMetrics with `--long-term victoria-metrics`. */
export type StackComponentName = "prometheus" | "alertmanager" | "pushgateway" | "victoria-metrics";

/** One started service as `stack up` recorded it. */
export interface ComponentState {
  /** host:port it listens on. */
  readonly target: string;
  /** Its process id while it runs; 0 once stopped (the target stays recorded). */
  readonly pid: number;
  readonly binary: string;
  /** When it was spawned, ms since the epoch. */
  readonly startedAt: number;
}

/** Everything `stack up` records. */
export interface StackState {
  readonly version: 1;
  /** The bot's /metrics target the stack scrapes. */
  readonly bot?: string | undefined;
  readonly components: Partial<Record<StackComponentName, ComponentState>>;
  /** SHA-256 of each file `up` generated, by path relative to the stack directory. */
  readonly generated: Readonly<Record<string, string>>;
}

/** The state file's name inside the stack directory. */
export const stackStateFile = "stack.json";

/** Returns the stack directory's state, or an empty state when there is none (or it is unreadable). */
export async function readStackState(directory: string): Promise<StackState> {
  const text = await readFile(join(directory, stackStateFile), "utf8").catch(() => undefined);
  if (text !== undefined) {
    try {
      const parsed = JSON.parse(text) as Partial<StackState>;
      if (parsed.version === 1) {
        return {
          version: 1,
          bot: parsed.bot,
          components: parsed.components ?? {},
          generated: parsed.generated ?? {},
        };
      }
    } catch {
      // A truncated file is treated as no state.
    }
  }
  return { version: 1, components: {}, generated: {} };
}

/** Writes the state atomically (a temporary file renamed over the old one). */
export async function writeStackState(directory: string, state: StackState): Promise<void> {
  const path = join(directory, stackStateFile);
  await writeFile(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}
