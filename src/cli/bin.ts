/** @module Process entry point of the `tradewatch` command. */
import { main } from "./main.js";

const code = await main(process.argv.slice(2));
// A command that failed (a bad flag or setting found after it started a timer, a server or
// a journal) must not keep running: exit now. A success ends when its work is done.
if (code !== 0) process.exit(code);
process.exitCode = code;
