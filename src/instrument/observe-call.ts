/** @module Calls a function and reports when it settles, keeping sync functions sync and promises untouched. */

/** Called once when the call returns, throws, resolves or rejects; `failed` tells which. */
export type SettleCallback = (failed: boolean, thrown: unknown) => void;

/**
 * Calls `fn` with `thisArg` and `args` and invokes `onSettle` exactly once when it settles.
 * A sync function stays sync (its value or exception passes through); a returned promise
 * (any thenable) is returned as is, so its identity and its rejection reach the caller.
 */
export function observeCall<This, Args extends readonly unknown[], Return>(
  fn: (this: This, ...args: Args) => Return,
  thisArg: This,
  args: Args,
  onSettle: SettleCallback,
): Return {
  let result: Return;
  try {
    result = Reflect.apply(fn, thisArg, args) as Return;
  } catch (error) {
    onSettle(true, error);
    throw error;
  }
  if (isThenable(result)) {
    result.then(
      () => onSettle(false, undefined),
      (error: unknown) => onSettle(true, error),
    );
  } else {
    onSettle(false, undefined);
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
