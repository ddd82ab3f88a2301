/** @module The error a push client (Pushgateway, remote_write) throws when the receiver refuses a push or cannot be reached. */
import { TradewatchError } from "../errors.js";

/**
 * A push to a Pushgateway or remote-write receiver failed: the receiver answered with a
 * non-2xx status (`status`, `body`), or the request failed (`cause`). Its code is
 * `ERR_PUSH_FAILED`.
 */
export class PushError extends TradewatchError {
  /** The URL pushed to. */
  readonly url: string;
  /** The HTTP status, when the receiver answered. */
  readonly status: number | undefined;
  /** The start of the receiver's answer, when it answered. */
  readonly body: string | undefined;

  constructor(
    url: string,
    message: string,
    details: { status?: number; body?: string; cause?: unknown } = {},
  ) {
    super(
      "ERR_PUSH_FAILED",
      message,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.url = url;
    this.status = details.status;
    this.body = details.body;
  }
}
