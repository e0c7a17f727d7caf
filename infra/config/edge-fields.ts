import { isIPv4, isIPv6 } from "node:net";
import { z } from "zod";

/**
 * Field types of the edge config. Every string that reaches nginx.conf is constrained here to an
 * alphabet nginx reads literally: no `;`, `{`, `}`, quotes, whitespace, `$`, `#`, `\` or control
 * characters unless the field's meaning needs them (regex routes, which the printer always quotes).
 */

/** Names of upstreams, cache zones, rate-limit zones, virtual hosts and routes (also used in object names). */
export const edgeName = z
  .string()
  .regex(
    /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/,
    "a name of lower-case letters, digits and '-' (at most 40 characters, starting with a letter)",
  );

/**
 * A record whose keys must match `key` (edge names by default). A bad key is reported on the record,
 * with the key JSON-quoted in the rule, so the error stays one line whatever the key contains.
 */
export function namedRecord<T extends z.ZodType>(value: T, key: z.ZodType<string> = edgeName) {
  return z.record(z.string(), value).superRefine((record, ctx) => {
    for (const name of Object.keys(record)) {
      const result = key.safeParse(name);
      if (result.success) continue;
      const shown = JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
      const rule = result.error.issues[0]?.message ?? "a valid name";
      ctx.addIssue({ code: "custom", path: [], message: `keyed by ${rule} (key ${shown} is not)` });
    }
  });
}

/** A server name: a DNS name, optionally with a leading `*.` wildcard. */
export const serverName = z
  .string()
  .max(253, "a server name of at most 253 characters")
  .regex(
    /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    "a DNS name, optionally starting with '*.' (lower-case letters, digits, '-', '.')",
  );

/**
 * Whether nginx's own IPv6 parser (ngx_inet6_addr in src/core/ngx_inet.c, ported) reads `text`. It is
 * stricter than RFC 4291 in one place: a trailing "::" after seven groups is rejected, so an address that
 * Node's isIPv6 accepts can still fail `nginx -t`.
 */
export function nginxParsesIpv6(text: string): boolean {
  const s = text.startsWith(":") ? text.slice(1) : text;
  let groups = 8;
  let nibbles = 0;
  let zero = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === ":") {
      if (nibbles > 0) {
        nibbles = 0;
        if (--groups > 0) continue;
      } else if (!zero) {
        zero = true;
        continue;
      }
      return false;
    }
    if (c === "." && nibbles > 0) {
      const v4 = s.slice(s.lastIndexOf(":", i) + 1);
      return groups >= 2 && isIPv4(v4) && (groups - 2 === 0 ? !zero : zero);
    }
    if (++nibbles > 4 || !/[0-9a-fA-F]/.test(c)) return false;
  }
  if (nibbles === 0 && !zero) return false;
  return --groups > 0 ? zero : !zero;
}

function validCidr(value: string): boolean {
  const [address, bits, ...rest] = value.split("/");
  if (rest.length > 0 || address === undefined) return false;
  const max = isIPv4(address) ? 32 : isIPv6(address) && nginxParsesIpv6(address) ? 128 : -1;
  if (max < 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

/** An IPv4/IPv6 address or CIDR block (`10.0.0.0/8`, `2001:db8::/32`, `192.0.2.7`). */
export const cidr = z.string().refine(validCidr, "an IPv4 or IPv6 address or CIDR block (e.g. 10.0.0.0/8)");

function validHostPort(value: string): boolean {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d{1,5})$/.exec(value);
  if (!match) return false;
  const [, host = "", portText = ""] = match;
  const portNumber = Number(portText);
  if (portNumber < 1 || portNumber > 65535) return false;
  if (host.startsWith("[")) return isIPv6(host.slice(1, -1));
  return isIPv4(host) || /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(host);
}

/** `host:port` where host is a DNS name, an IPv4 address or a bracketed IPv6 address. */
export const hostPort = z
  .string()
  .max(260, "a host:port of at most 260 characters")
  .refine(validHostPort, "host:port (a DNS name, IPv4 address or [IPv6] address, and a port 1-65535)");

/** A URI path for prefix and exact routes: starts with `/`, unreserved and a few sub-delimiters only. */
export const routePath = z
  .string()
  .max(1024, "a path of at most 1024 characters")
  .regex(/^\/[A-Za-z0-9._~%/:@+,=!-]*$/, "a URI path starting with '/' (letters, digits and ._~%/:@+,=!-)");

/**
 * Constructs whose meaning or validity differs between PCRE and JavaScript, plus quotes, non-ASCII and
 * control characters: `\u`, `\p`, `\P`, `\k`, `\Q`, `\E`, `(?<` (named groups, lookbehind), `[]`, `[^]`.
 */
const REGEX_FORBIDDEN = /\\[uUpPkQE]|\(\?<|\[\^?\]|[^\x20-\x7e]|["'`]/;

function validRegex(value: string): boolean {
  if (REGEX_FORBIDDEN.test(value)) return false;
  try {
    new RegExp(value, "u");
    return true;
  } catch {
    return false;
  }
}

/**
 * A PCRE pattern for regex routes. Checked with JavaScript's strict (`u`) regex syntax, and without the
 * few constructs whose meaning differs between PCRE and JavaScript (see REGEX_FORBIDDEN), so what passes here compiles in nginx.
 */
export const routeRegex = z
  .string()
  .min(1, "a non-empty regular expression")
  .max(1024, "a regular expression of at most 1024 characters")
  .refine(
    validRegex,
    "a regular expression valid in both PCRE and JavaScript (printable ASCII; no quotes, \\u, \\p, \\k, \\Q, (?<, [])",
  );

/** An HTTP header name (RFC 9110 token subset). */
export const headerName = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "an HTTP header name (letters, digits, '-'; at most 64)");

/** A cookie name usable as an nginx `$cookie_<name>` variable. */
export const cookieName = z.string().regex(/^[A-Za-z0-9_]{1,64}$/, "a cookie name of letters, digits and '_' (at most 64)");

/** A query argument name usable as an nginx `$arg_<name>` variable. */
export const argName = z.string().regex(/^[A-Za-z0-9_]{1,64}$/, "a query argument name of letters, digits and '_' (at most 64)");

/** The realm text of HTTP basic authentication. */
export const realm = z.string().regex(/^[A-Za-z0-9 ._-]{1,64}$/, "a realm of letters, digits, spaces and ._- (at most 64)");

/** A MIME type for gzip_types. */
export const mimeType = z.string().regex(/^[a-z0-9][a-z0-9.+-]*\/[a-z0-9*][a-z0-9.+*-]*$/, "a MIME type such as text/css");

/** Kubernetes label key and value (for pod selectors in NetworkPolicies). */
export const labelKey = z
  .string()
  .regex(
    /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
    "a Kubernetes label key",
  );
export const labelValue = z.string().regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, "a Kubernetes label value");

/** A Kubernetes annotation value for the Service: printable, single line. */
export const annotationValue = z
  .string()
  .max(4096)
  .regex(/^[^\u0000-\u001f\u007f]*$/, "a single-line annotation value");

export const seconds = (max: number) => z.number().int().min(1).max(max);

/** A DNS server for `resolver`: host, host:port, IPv4 or [IPv6] with an optional port. */
export const resolverAddress = z
  .string()
  .max(260)
  .refine(
    (v) => validHostPort(v) || validHostPort(`${v}:53`),
    "a DNS server address: host, IPv4 or [IPv6], with an optional :port",
  );
