/** @module Runs a push (Pushgateway, remote_write, InfluxDB) every interval, keeping the last failure. */

/**
 * Calls `run` every `intervalSeconds` on an unref'd timer (it never keeps the process alive);
 * a rejection is kept in {@link lastError} and cleared by the next success, and the next tick
 * tries again.
 *
 * @example
 * const periodic = new PeriodicTask(() => client.push());
 * periodic.start(15);
 */
export class PeriodicTask {
  readonly #run: () => Promise<unknown>;
  #timer: NodeJS.Timeout | undefined;
  #lastError: unknown;

  constructor(run: () => Promise<unknown>) {
    this.#run = run;
  }

  /** The error of the last failed run, cleared by the next success. */
  get lastError(): unknown {
    return this.#lastError;
  }

  /** Runs every `intervalSeconds`, replacing any schedule already started. */
  start(intervalSeconds: number): void {
    this.stop();
    this.#timer = setInterval(() => {
      this.#run().then(
        () => {
          this.#lastError = undefined;
        },
        (error: unknown) => {
          this.#lastError = error;
        },
      );
    }, intervalSeconds * 1000);
    this.#timer.unref();
  }

  /** Stops the schedule. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
