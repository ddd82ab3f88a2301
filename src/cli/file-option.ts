/** @module Checks that a command-line option names a readable file, with an error naming the flag and the path. */
import { accessSync, constants, statSync } from "node:fs";
import { ConfigError } from "../exporter/config-error.js";

/**
 * Returns `path` when it names a readable regular file (or a pipe, such as `/dev/stdin`);
 * otherwise throws a {@link ConfigError} naming `--name` and the path.
 *
 * @example existingFileOption("data", "bars.csv") // => "bars.csv"
 */
export function existingFileOption(name: string, path: string): string {
  const fail = (why: string): never => {
    throw new ConfigError(`--${name}`, `Invalid --${name} "${path}": ${why}`);
  };
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(
      code === "ENOENT" || code === "ENOTDIR"
        ? "no such file"
        : `cannot be read (${code ?? (error as Error).message})`,
    );
  }
  if (stats.isDirectory()) fail("is a directory, not a file");
  try {
    accessSync(path, constants.R_OK);
  } catch {
    fail("cannot be read (permission denied)");
  }
  return path;
}
