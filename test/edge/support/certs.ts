/** Self-signed certificates made by the real `openssl` (Debian package openssl), for TLS tests. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CertPair {
  readonly cert: string;
  readonly key: string;
}

const cache = new Map<string, CertPair>();

/** A self-signed EC certificate for `names` (CN = first name, every name as a DNS SAN), valid one day. */
export function selfSignedCert(names: readonly string[]): CertPair {
  const id = names.join(",");
  const hit = cache.get(id);
  if (hit) return hit;
  const dir = fs.mkdtempSync(join(tmpdir(), "keelson-cert-"));
  try {
    const args = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"];
    const san = names.map((n) => `DNS:${n}`).join(",");
    execFileSync(
      "openssl",
      [
        ...args,
        "-subj",
        `/CN=${names[0]}`,
        "-addext",
        `subjectAltName=${san}`,
        "-keyout",
        join(dir, "key"),
        "-out",
        join(dir, "crt"),
      ],
      {
        stdio: "pipe",
      },
    );
    const pair = { cert: fs.readFileSync(join(dir, "crt"), "utf8"), key: fs.readFileSync(join(dir, "key"), "utf8") };
    cache.set(id, pair);
    return pair;
  } catch (e) {
    throw new Error(`openssl failed: install it with \`apt-get install -y openssl\` (${String(e)})`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
