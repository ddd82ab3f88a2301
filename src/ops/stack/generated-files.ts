/** @module Writes the files `stack up` generates without losing an operator's edits: a file whose content no longer has the hash `up` last wrote is an edit, and `up` refuses (with a short diff), overwrites it (`--force`, keeping the edit beside it) or leaves it (`--keep-edits`). */
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { TradewatchError } from "../../errors.js";

/** What `up` does with a generated file an operator edited. */
export type EditPolicy = "refuse" | "force" | "keep-edits";

/** One file to generate, path relative to the stack directory. */
export interface PlannedFile {
  readonly path: string;
  readonly content: string;
}

/** What happened to the generated files. */
export interface GeneratedFilesResult {
  /** Hashes to record: of what was written, or (kept edits) of the last generated content. */
  readonly hashes: Record<string, string>;
  /** Edited files left as they are (`keep-edits`). */
  readonly kept: string[];
  /** Edited files overwritten (`force`), each saved as `<path>.edited` first. */
  readonly overwritten: string[];
}

/** Returns the SHA-256 of a text, hex. */
export function contentHash(content: string): string {
  return createHash("sha256").update(content).digest("hex");
}

/** Returns a short line diff (common head and tail trimmed), `-` generated, `+` on disk. */
export function shortDiff(generated: string, onDisk: string, maxLines = 12): string[] {
  const before = generated.split("\n");
  const after = onDisk.split("\n");
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  )
    tail++;
  const lines = [
    `@@ line ${head + 1} @@`,
    ...before.slice(head, before.length - tail).map((line) => `- ${line}`),
    ...after.slice(head, after.length - tail).map((line) => `+ ${line}`),
  ];
  return lines.length > maxLines
    ? [...lines.slice(0, maxLines), `  ... ${lines.length - maxLines} more line(s)`]
    : lines;
}

/**
 * Writes each file under `directory` unless an operator edited it since the last write
 * (its hash differs from `recorded`), then applies `policy`: `refuse` writes nothing and
 * throws `ERR_STACK_FILE_EDITED` naming the files with a short diff of each.
 */
export async function writeGeneratedFiles(
  directory: string,
  files: readonly PlannedFile[],
  recorded: Readonly<Record<string, string>>,
  policy: EditPolicy,
): Promise<GeneratedFilesResult> {
  const edited: { file: PlannedFile; onDisk: string }[] = [];
  for (const file of files) {
    const onDisk = await readFile(join(directory, file.path), "utf8").catch(() => undefined);
    if (onDisk === undefined || onDisk === file.content) continue;
    // Without a record (a directory from before hashes were kept) any difference may be an edit.
    if (contentHash(onDisk) !== recorded[file.path]) edited.push({ file, onDisk });
  }
  if (edited.length > 0 && policy === "refuse") {
    const details = edited.flatMap(({ file, onDisk }) => [
      `${join(directory, file.path)} (- generated now, + your edit):`,
      ...shortDiff(file.content, onDisk).map((line) => `  ${line}`),
    ]);
    throw new TradewatchError(
      "ERR_STACK_FILE_EDITED",
      `${edited.map(({ file }) => file.path).join(", ")} in ${directory} changed since stack up wrote it: rerun with --keep-edits to start with your edits, or --force to regenerate (your edit is kept as <file>.edited)\n${details.join("\n")}`,
    );
  }
  const hashes: Record<string, string> = {};
  const kept: string[] = [];
  const overwritten: string[] = [];
  const editedPaths = new Map(edited.map((entry) => [entry.file.path, entry.onDisk]));
  for (const file of files) {
    const path = join(directory, file.path);
    const onDisk = editedPaths.get(file.path);
    if (onDisk !== undefined && policy === "keep-edits") {
      kept.push(file.path);
      const previous = recorded[file.path];
      if (previous !== undefined) hashes[file.path] = previous;
      continue;
    }
    if (onDisk !== undefined) {
      await writeFile(`${path}.edited`, onDisk);
      overwritten.push(file.path);
    }
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
    hashes[file.path] = contentHash(file.content);
  }
  return { hashes, kept, overwritten };
}
