/** @module The error a push client throws; it lives in the metrics core, whose Pushgateway throws it too. */
export { PushError } from "../metrics/push-error.js";
