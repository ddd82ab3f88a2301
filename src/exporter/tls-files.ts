/** @module Reads and checks the metrics server's TLS files: certificate, private key and optional client CA, each error naming the key and the path. */
import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { ConfigError, type ConfigViolation } from "./config-error.js";
import type { MetricsConfig } from "./metrics-config.js";

/** The PEM contents a TLS server is started (or re-keyed) with. */
export interface TlsCredentials {
  /** The server certificate, optionally followed by its intermediates. */
  readonly cert: Buffer;
  readonly key: Buffer;
  /** CA certificates client certificates must chain to; set, clients must present one (mutual TLS). */
  readonly clientCa?: Buffer | undefined;
}

/** The keys the TLS settings were given by, for error messages. */
export interface TlsKeyNames {
  readonly certFile: string;
  readonly keyFile: string;
  readonly clientCaFile: string;
}

const defaultNames: TlsKeyNames = {
  certFile: "metrics.tls.cert_file",
  keyFile: "metrics.tls.key_file",
  clientCaFile: "metrics.tls.client_ca_file",
};

/**
 * Reads the TLS files of `tls` and checks that the certificate and the client CA are PEM
 * certificates and the key is the certificate's PEM private key. Throws one
 * {@link ConfigError} with every problem, each naming the key and the path:
 * `Invalid config "metrics.tls.key_file": was "/etc/tw/key.pem", the file does not exist`.
 *
 * @example
 * const credentials = config.tls === undefined ? undefined : readTlsFiles(config.tls);
 */
export function readTlsFiles(
  tls: NonNullable<MetricsConfig["tls"]>,
  names: TlsKeyNames = defaultNames,
): TlsCredentials {
  const violations: ConfigViolation[] = [];
  const fail = (name: string, path: string, why: string): undefined => {
    violations.push({
      key: name,
      message: `Invalid config "${name}": was ${JSON.stringify(path)}, ${why}`,
    });
    return undefined;
  };
  const read = (name: string, path: string): Buffer | undefined => {
    try {
      return readFileSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return fail(
        name,
        path,
        code === "ENOENT"
          ? "the file does not exist"
          : code === "EACCES"
            ? "the file cannot be read (permission denied)"
            : code === "EISDIR"
              ? "is a directory, must be a PEM file"
              : `the file cannot be read (${(error as Error).message})`,
      );
    }
  };
  const certificate = (name: string, path: string, pem: Buffer): X509Certificate | undefined => {
    try {
      return new X509Certificate(pem);
    } catch {
      return fail(name, path, "does not hold a PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
  };
  const cert = read(names.certFile, tls.certFile);
  const key = read(names.keyFile, tls.keyFile);
  const clientCa =
    tls.clientCaFile === undefined ? undefined : read(names.clientCaFile, tls.clientCaFile);
  const x509 = cert === undefined ? undefined : certificate(names.certFile, tls.certFile, cert);
  if (clientCa !== undefined && tls.clientCaFile !== undefined) {
    certificate(names.clientCaFile, tls.clientCaFile, clientCa);
  }
  if (key !== undefined) {
    try {
      const privateKey = createPrivateKey(key);
      if (x509 !== undefined && !x509.checkPrivateKey(privateKey)) {
        fail(
          names.keyFile,
          tls.keyFile,
          `is not the private key of the certificate in ${JSON.stringify(tls.certFile)}`,
        );
      }
    } catch {
      fail(
        names.keyFile,
        tls.keyFile,
        "does not hold a PEM private key (-----BEGIN PRIVATE KEY-----)",
      );
    }
  }
  if (violations.length > 0 || cert === undefined || key === undefined) {
    throw new ConfigError(violations);
  }
  return { cert, key, ...(clientCa === undefined ? {} : { clientCa }) };
}
