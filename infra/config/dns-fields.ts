import { isIP } from "node:net";
import { z } from "zod";

/**
 * Field types for the DNS section. Every value here reaches a Corefile, so each is constrained to an
 * alphabet the Corefile printer accepts as one token (no spaces, braces, quotes or `$`).
 */

const ZONE_RE = /^(\.|([a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9_])?\.?)$/;

/** A DNS zone such as `corp.example` (a trailing dot is allowed; `.` is the root). */
export const dnsZone = z
  .string()
  .max(253, "a DNS zone of at most 253 characters")
  .regex(ZONE_RE, "a DNS zone (lower-case labels separated by '.', e.g. 'corp.example')");

/** A fully qualified host name for a hosts entry or a rewrite (no root, no wildcard). */
export const dnsHostName = z
  .string()
  .max(253, "a DNS name of at most 253 characters")
  .regex(
    /^([a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9_])?\.?$/,
    "a DNS name (lower-case labels separated by '.', e.g. 'db.corp.example')",
  );

/** An IPv4 or IPv6 address (no port). */
export const ipAddress = z.string().refine((v) => isIP(v) !== 0, "an IP address");

/** An IPv4 address, for Service cluster IPs and link-local listen addresses. */
export const ipv4Address = z.string().refine((v) => isIP(v) === 4, "an IPv4 address");

/** True for `ip`, `ip:port` (IPv4) and `[ip]:port` (IPv6) with a port in 1..65535. */
function isAddressWithOptionalPort(value: string): boolean {
  if (isIP(value) !== 0) return true;
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):(\d{1,5})$/.exec(value);
  if (!match) return false;
  const host = match[1] ?? match[2] ?? "";
  const portNumber = Number(match[3]);
  const family = isIP(host);
  const familyOk = match[1] !== undefined ? family === 6 : family === 4;
  return familyOk && portNumber >= 1 && portNumber <= 65535;
}

/** An upstream DNS server: an IP address with an optional port (`10.0.0.53`, `10.0.0.53:5353`, `[fd00::53]:53`). */
export const dnsServerAddress = z
  .string()
  .refine(isAddressWithOptionalPort, "an IP address with an optional port (e.g. '10.0.0.53' or '10.0.0.53:5353')");

/** The node's resolver configuration, as the `forward` plugin reads it. */
export const RESOLV_CONF = "/etc/resolv.conf";

/** Where `forward` sends queries: IP addresses (optional port) or the node's `/etc/resolv.conf`. */
export const forwardTarget = z
  .string()
  .refine(
    (v) => v === RESOLV_CONF || isAddressWithOptionalPort(v),
    "an IP address with an optional port (e.g. '10.0.0.53:5353') or '/etc/resolv.conf'",
  );

/** A TTL or duration in whole seconds, at least 1. */
export const seconds = (max: number) => z.number().int().min(1).max(max);
