/**
 * Values a careless or hostile user might put into a Keelson config. Every string that carries the
 * marker INJECTION_MARKER tries to smuggle a directive/key named after it into a rendered config file
 * (nginx.conf, Corefile, YAML); the fuzz verifier fails if the marker ever shows up as a directive or key.
 */
export const INJECTION_MARKER = "keelson_injected";

const M = INJECTION_MARKER;

/** Directive/key injection attempts for nginx, CoreDNS and YAML/INI-style printers. */
export const INJECTIONS: readonly string[] = [
  `x; ${M} on;`,
  `x;\n${M} on;`,
  `x}\n${M} {`,
  `x }\n${M} on;\nserver {`,
  `"; ${M} "`,
  `x' ${M} '`,
  `x\\"; ${M} on; #`,
  `x # \n${M} on;`,
  `x\n${M}`,
  `x\r\n${M} on;`,
  `x {\n  ${M}\n}`,
  `. {\n  ${M}\n}`,
  `x\n${M}: true`,
  `x\n  ${M}: true`,
  `{${M}: true}`,
  `x\n- ${M}`,
  `x\n[${M}]`,
  `x\n[INPUT]\n    Name ${M}`,
  `$(${M})`,
  `\`${M}\``,
  `x\u2028${M} on;`,
  `x\u0085${M} on;`,
  `x\u0000${M} on;`,
];

/** Metacharacters, odd unicode, boundary lengths. */
export const HOSTILE_STRINGS: readonly string[] = [
  "",
  " ",
  "\t",
  "\n",
  "-",
  ".",
  "*",
  "..",
  "/",
  "a".repeat(64),
  "a".repeat(254),
  "a".repeat(4096),
  `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`,
  "Ünïcödé",
  "日本語",
  "\u202eevil",
  "😀",
  "\u200b",
  "$(reboot)",
  "`id`",
  "; rm -rf /",
  "a|b",
  "a&&b",
  "$host",
  "${HOME}",
  "{{ .Values.x }}",
  "#comment",
  "a;b",
  "a{b}",
  "a b",
  "\\",
  "'",
  '"',
  "%00",
  "../../etc/passwd",
  "/etc/passwd",
  "*.",
  "&anchor",
  "*alias",
  "!!python/object",
  "---",
  ": x",
  "null",
  "true",
  "0",
  "latest",
  "nginx:latest",
  "http://evil.example/",
  "127.0.0.1:53",
  "::1",
  "0.0.0.0/0",
  ...INJECTIONS,
];

/** Numbers out of every plausible range, and non-finite ones (a TypeScript config file can carry these). */
export const HOSTILE_NUMBERS: readonly number[] = [
  0,
  -0,
  -1,
  1.5,
  0.1,
  -2147483648,
  2147483647,
  2147483648,
  4294967296,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];

/** Values of the wrong JSON type for almost any field. */
export const WRONG_TYPES: readonly unknown[] = [null, true, false, "1", 1, [], {}, [null], { "": "" }];

/** Keys that are not part of the schema (typos, prototype pollution). */
export const UNKNOWN_KEYS: readonly string[] = ["enabeld", "replica", "__proto__", "constructor", "prototype", "$ref", ""];
