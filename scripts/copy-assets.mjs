// Copies the files the build does not compile (the dashboard page) next to the compiled code.
import { cpSync } from "node:fs";

cpSync("src/dashboard/assets", "dist/dashboard/assets", { recursive: true });
