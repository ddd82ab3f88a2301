/** @module The exporter's path to the nearest-key helper (src/config/nearest-key.ts). */
export { nearestKey } from "../config/nearest-key.js";
