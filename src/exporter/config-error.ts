/** @module The exporter's name for the project's one config-error type (src/config/config-error.ts). */
export { ConfigError, type ConfigViolation, MetricsConfigError } from "../config/config-error.js";
