/** @module Finds a free TCP port on 127.0.0.1 for tests that start a real server. */

import { createServer } from "node:net";

/**
 * Returns a TCP port on 127.0.0.1 that was free a moment ago: the kernel picks it for a
 * throwaway listener, which is closed before the port is returned. Another process may
 * take it in between, so start the real server right away.
 *
 * @example
 * const port = await freePort();
 * server.listen(port, "127.0.0.1");
 */
export async function freePort(): Promise<number> {
  return await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error(`Listener address was ${String(address)}, expected an IP address`));
        return;
      }
      const { port } = address;
      server.close((error) => (error ? reject(error) : resolve(port)));
    });
  });
}
