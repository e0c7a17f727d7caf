/**
 * Rendered nginx.conf, byte for byte, for the named cases (both profiles, every load-balancing method,
 * TLS on and off); each one must pass `nginx -t` run by the edge image's own nginx.
 * UPDATE_GOLDEN=1 rewrites the golden files.
 */
import * as fs from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RENDER_CASES, renderCase } from "./cases";
import { certificateFiles, CLUSTER_DNS_HOSTS } from "./support/fixtures";
import { nginxTestMany } from "./support/nginx-batch";
import { parseNginxConfig } from "./support/nginx-parse";
import { normalizeTree } from "./support/tree";

const GOLDEN = join(__dirname, "golden");

describe("rendered nginx.conf golden files", () => {
  for (const c of RENDER_CASES) {
    it(`${c.name} matches golden/${c.name}.conf`, () => {
      const text = renderCase(c).text;
      const file = join(GOLDEN, `${c.name}.conf`);
      if (process.env.UPDATE_GOLDEN === "1") {
        fs.mkdirSync(GOLDEN, { recursive: true });
        fs.writeFileSync(file, text);
      }
      expect(text).toBe(fs.readFileSync(file, "utf8"));
    });

    it(`${c.name} parses back into exactly the rendered directive tree (stand-in tokenizer, support/nginx-parse.ts)`, () => {
      const { text, tree } = renderCase(c);
      expect(parseNginxConfig(text)).toEqual(normalizeTree(tree));
    });
  }

  it("every case passes `nginx -t` of the edge image", async () => {
    const cases = RENDER_CASES.map((c) => ({ name: c.name, conf: renderCase(c).text }));
    const outcomes = await nginxTestMany(cases, { secrets: certificateFiles(), hosts: CLUSTER_DNS_HOSTS });
    const failed = [...outcomes].filter(([, o]) => !o.ok).map(([name, o]) => `${name}:\n${o.output}`);
    expect(failed).toEqual([]);
    expect(outcomes.size).toBe(RENDER_CASES.length);
  });
});
