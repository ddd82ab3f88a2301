/** @module Makes a throwaway certificate authority and certificates it signed, with the real openssl, for TLS tests. */
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The openssl binary the tests run; `OPENSSL` overrides it. */
export const opensslPath = process.env.OPENSSL ?? "/usr/bin/openssl";

/** The host name server certificates are issued for (beside the IP address 127.0.0.1). */
export const TEST_SERVER_NAME = "tradewatch.test";

/** A certificate authority in a directory: its certificate file and its PEM text. */
export interface TestCertificateAuthority {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: Buffer;
}

/** A certificate and its private key, as files and as PEM text. */
export interface TestCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/**
 * Creates a self-signed CA (P-256, valid one day) as `<name>-ca.pem` and `<name>-ca.key` in `dir`.
 *
 * @example const ca = await createCertificateAuthority(dir, "first");
 */
export async function createCertificateAuthority(
  dir: string,
  name: string,
): Promise<TestCertificateAuthority> {
  const certFile = join(dir, `${name}-ca.pem`);
  const keyFile = join(dir, `${name}-ca.key`);
  await run(opensslPath, [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    keyFile,
    "-out",
    certFile,
    "-days",
    "1",
    "-subj",
    `/CN=tradewatch test CA ${name}`,
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  return { certFile, keyFile, cert: await readFile(certFile) };
}

/**
 * Issues a certificate signed by `ca` as `<name>.pem` and `<name>.key` in `dir`: a server
 * certificate for {@link TEST_SERVER_NAME} and 127.0.0.1, or a client certificate.
 *
 * @example const server = await issueCertificate(dir, ca, "server", "server");
 */
export async function issueCertificate(
  dir: string,
  ca: TestCertificateAuthority,
  name: string,
  usage: "server" | "client",
): Promise<TestCertificate> {
  const certFile = join(dir, `${name}.pem`);
  const keyFile = join(dir, `${name}.key`);
  const requestFile = join(dir, `${name}.csr`);
  const extensionsFile = join(dir, `${name}.ext`);
  await run(opensslPath, [
    "req",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    keyFile,
    "-out",
    requestFile,
    "-subj",
    `/CN=${usage === "server" ? TEST_SERVER_NAME : `tradewatch test client ${name}`}`,
  ]);
  await writeFile(
    extensionsFile,
    usage === "server"
      ? `subjectAltName=DNS:${TEST_SERVER_NAME},IP:127.0.0.1\nextendedKeyUsage=serverAuth\n`
      : "extendedKeyUsage=clientAuth\n",
  );
  await run(opensslPath, [
    "x509",
    "-req",
    "-in",
    requestFile,
    "-CA",
    ca.certFile,
    "-CAkey",
    ca.keyFile,
    "-CAcreateserial",
    "-out",
    certFile,
    "-days",
    "1",
    "-extfile",
    extensionsFile,
  ]);
  return { certFile, keyFile, cert: await readFile(certFile), key: await readFile(keyFile) };
}
