/** @module Times a sync-or-async call and reports when it settles, keeping sync functions sync and promises untouched. */

/**
 * Called once when the call returns, throws, resolves or rejects: `failed` tells which,
 * `thrown` is the exception or rejection reason, `seconds` how long the call took.
 */
export type SettleCallback = (failed: boolean, thrown: unknown, seconds: number) => void;

/**
 * Calls `fn` with `thisArg` and `args` and invokes `onSettle` exactly once when it settles,
 * with the seconds elapsed since the call. A sync function stays sync (its value or
 * exception passes through); a returned promise (any thenable) is returned as is, so its
 * identity and its rejection reach the caller, and `onSettle` runs before the caller's own
 * reactions to it. The one helper behind `timed()`, `counted()` and the recorder's `track*`.
 *
 * @example
 * const ticker = observeCall(exchange.fetchTicker, exchange, ["BTC/USDT"], (failed, _, seconds) =>
 *   latency.labels(failed ? "error" : "success").observe(seconds),
 * );
 */
export function observeCall<This, Args extends readonly unknown[], Return>(
  fn: (this: This, ...args: Args) => Return,
  thisArg: This,
  args: Readonly<Args>,
  onSettle: SettleCallback,
): Return {
  const start = performance.now();
  const settle = (failed: boolean, thrown: unknown) =>
    onSettle(failed, thrown, (performance.now() - start) / 1000);
  let result: Return;
  try {
    result = Reflect.apply(fn, thisArg, args) as Return;
  } catch (error) {
    settle(true, error);
    throw error;
  }
  if (isThenable(result)) {
    result.then(
      () => settle(false, undefined),
      (error: unknown) => settle(true, error),
    );
  } else {
    settle(false, undefined);
  }
  return result;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
