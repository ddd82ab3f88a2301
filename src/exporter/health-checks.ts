/** @module Component health checks callers register, run with a timeout for /health and /ready. */
import type { HealthCheck, HealthCheckResult } from "./types.js";

/** How one check went in one run. */
export interface CheckReport {
  readonly status: "ok" | "fail";
  readonly detail?: string;
  readonly durationSeconds: number;
}

/** Options of one registered check. */
export interface HealthCheckOptions {
  /** Whether /ready also waits for it. Default true. */
  readonly readiness?: boolean | undefined;
}

interface Registered {
  readonly check: HealthCheck;
  readonly readiness: boolean;
}

/**
 * The component checks of one server. Each run calls every check concurrently, each
 * bounded by `timeoutMs`; a check that throws, rejects, returns false or times out fails.
 *
 * @example
 * checks.register("database", () => db.open);
 * const { ok, checks: reports } = await checks.run("liveness");
 */
export class HealthChecks {
  readonly #checks = new Map<string, Registered>();
  readonly #timeoutMs: number;

  constructor(timeoutMs = 2000) {
    this.#timeoutMs = timeoutMs;
  }

  /** Adds (or replaces) the check called `name`. */
  register(name: string, check: HealthCheck, options: HealthCheckOptions = {}): void {
    this.#checks.set(name, { check, readiness: options.readiness ?? true });
  }

  /** Removes the check called `name`. */
  unregister(name: string): void {
    this.#checks.delete(name);
  }

  /** Runs every check (`liveness`) or only the readiness ones, and reports each. */
  async run(kind: "liveness" | "readiness"): Promise<{
    ok: boolean;
    checks: Record<string, CheckReport>;
  }> {
    const entries = [...this.#checks].filter(([, entry]) => kind === "liveness" || entry.readiness);
    const reports = await Promise.all(
      entries.map(async ([name, entry]) => [name, await this.#runOne(entry.check)] as const),
    );
    return {
      ok: reports.every(([, report]) => report.status === "ok"),
      checks: Object.fromEntries(reports),
    };
  }

  async #runOne(check: HealthCheck): Promise<CheckReport> {
    const start = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - start) / 1e9;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<HealthCheckResult>((resolve) => {
        timer = setTimeout(
          () => resolve({ ok: false, detail: `timed out after ${this.#timeoutMs} ms` }),
          this.#timeoutMs,
        );
      });
      const outcome = await Promise.race([Promise.resolve().then(check), timeout]);
      const result: HealthCheckResult = typeof outcome === "boolean" ? { ok: outcome } : outcome;
      return {
        status: result.ok ? "ok" : "fail",
        ...(result.detail === undefined ? {} : { detail: result.detail }),
        durationSeconds: elapsed(),
      };
    } catch (error) {
      return {
        status: "fail",
        detail: error instanceof Error ? error.message : String(error),
        durationSeconds: elapsed(),
      };
    } finally {
      clearTimeout(timer);
    }
  }
}
