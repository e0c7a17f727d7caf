/**
 * The nginx.conf printer: table-driven quoting cases, a property over arbitrary strings (every string
 * either is rejected or parses back to itself), and the same strings read by the edge image's real
 * nginx: served back by `return 200 "<value>"`, byte for byte.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { block, directive, entry, expr, printArg, printNginxConfig, regex, NginxPrintError } from "../../../infra/render/nginx";
import { get } from "../../edge/support/client";
import { freeListenAddress } from "../../support/dns-server";
import { startNginx, type RunningNginx } from "../../support/image-nginx";
import { parseNginxConfig } from "./support/nginx-parse";

describe("printArg", () => {
  it.each([
    ["plain", "proxy_pass", "proxy_pass"],
    ["path", "/var/cache/nginx/pages", "/var/cache/nginx/pages"],
    ["empty", "", '""'],
    ["space", "Keelson admin", '"Keelson admin"'],
    ["semicolon", "a;b", '"a;b"'],
    ["braces", "{x}", '"{x}"'],
    ["double quote", 'say "hi"', '"say \\"hi\\""'],
    ["single quote", "it's", '"it\'s"'],
    ["backslash", "a\\b", '"a\\\\b"'],
    ["hash", "#comment", '"#comment"'],
    ["trailing backslash", "x\\", '"x\\\\"'],
  ])("quotes a literal with %s", (_, value, printed) => {
    expect(printArg(value, "t")).toBe(printed);
  });

  it.each([
    ["newline", "a\nb"],
    ["carriage return", "a\rb"],
    ["tab", "a\tb"],
    ["NUL", "a\u0000b"],
    ["DEL", "a\u007fb"],
  ])("rejects %s in any argument", (_, value) => {
    expect(() => printArg(value, "location")).toThrow(NginxPrintError);
    expect(() => printArg(expr(value), "location")).toThrow(/control characters/);
  });

  it("rejects '$' in a literal, since nginx would expand it as a variable", () => {
    expect(() => printArg("$host", "add_header")).toThrow(
      "add_header: a literal argument must not contain '$' (nginx would read a variable), got \"$host\"",
    );
  });

  it("prints model expressions bare when they are plain variables, quoted otherwise", () => {
    expect(printArg(expr("$scheme$host$request_uri"), "t")).toBe("$scheme$host$request_uri");
    expect(printArg(expr('{"a":"$b"}'), "t")).toBe('"{\\"a\\":\\"$b\\"}"');
  });

  it("always quotes regexes (they may hold '{', '}' and '$')", () => {
    expect(printArg(regex("^/a{2}$"), "location")).toBe('"^/a{2}$"');
  });

  it("rejects directive names that are not identifiers, but prints map keys as arguments", () => {
    expect(() => printNginxConfig([directive("x;y")])).toThrow(/directive name must match/);
    expect(printNginxConfig([block("map", [expr("$a"), expr("$b")], [entry("", ""), entry("default", "x y")])])).toBe(
      'map $a $b {\n    "" "";\n    default "x y";\n}\n',
    );
  });
});

/** Strings from the whole Unicode range, weighted toward nginx's special characters. */
const hostileString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({
    unit: fc.constantFrom(";", "{", "}", '"', "'", "\\", "$", "#", " ", "\n", "a", "/", "~", "=", "\u0000", "é"),
    maxLength: 30,
  }),
);

describe("printer property (against the stand-in tokenizer of support/nginx-parse.ts)", () => {
  it("every string is either rejected or read back by the stand-in of nginx's tokenizer as exactly one argument equal to it", () => {
    fc.assert(
      fc.property(hostileString, (value) => {
        let printed: string;
        try {
          printed = printNginxConfig([directive("add_header", "X-Test", value)]);
        } catch (e) {
          expect(e).toBeInstanceOf(NginxPrintError);
          expect(/[\u0000-\u001f\u007f$]/.test(value)).toBe(true);
          return;
        }
        expect(parseNginxConfig(printed)).toEqual([{ name: "add_header", args: ["X-Test", value] }]);
      }),
      { numRuns: 5000 },
    );
  });
});

describe("printer against the real nginx", () => {
  let nginx: RunningNginx;
  let base: string;
  const values = fc.sample(
    hostileString.filter((v) => !/[\u0000-\u001f\u007f$]/.test(v) && v.length > 0),
    { numRuns: 150, seed: 42 },
  );
  values.push('"; return 500 "owned', "}", "\\", '\\"', "'\"'", "#x", "a b c", "{", "}", ";");

  beforeAll(async () => {
    const { address, port } = await freeListenAddress();
    base = `http://${address}:${port}`;
    const locations = values.map((v, i) =>
      block("location", ["=", `/v/${i}`], [directive("default_type", "text/plain"), directive("return", 200, v)]),
    );
    const conf = printNginxConfig([
      directive("pid", "/tmp/nginx.pid"),
      directive("error_log", "stderr"),
      block("events", [], []),
      block(
        "http",
        [],
        [
          directive("access_log", "off"),
          directive("client_body_temp_path", "/tmp/client_temp"),
          directive("proxy_temp_path", "/tmp/proxy_temp"),
          directive("fastcgi_temp_path", "/tmp/fastcgi_temp"),
          directive("uwsgi_temp_path", "/tmp/uwsgi_temp"),
          directive("scgi_temp_path", "/tmp/scgi_temp"),
          block("server", [], [directive("listen", `${address}:${port}`), ...locations]),
        ],
      ),
    ]);
    nginx = await startNginx(conf);
  });

  afterAll(async () => {
    await nginx?.stop();
  });

  it("serves every printed value back byte for byte", async () => {
    for (const [i, value] of values.entries()) {
      const reply = await get(`${base}/v/${i}`);
      expect({ i, body: reply.body.toString("utf8") }).toEqual({ i, body: value });
    }
  });
});
