import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { format, resolveConfig as prettierConfig } from "prettier";
import { describe, expect, it } from "vitest";
import { freshProfiles } from "./support/fresh-synth";
import { REPO_ROOT } from "./support/manifests";
import { renderSecurityDoc } from "./support/security-doc";

const DOC = join(REPO_ROOT, "docs", "security.md");

describe("docs/security.md", () => {
  it("lists every suppression and exception, with its reason (UPDATE_GOLDEN=1 rewrites it)", async () => {
    // Formatted as `npm run lint` (prettier) wants it, so the generated file is also a formatted one.
    const options = (await prettierConfig(DOC)) ?? {};
    const expected = await format(renderSecurityDoc(freshProfiles()), { ...options, filepath: DOC });
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(DOC, expected);
    expect(existsSync(DOC), "docs/security.md is missing: run UPDATE_GOLDEN=1 npx vitest run test/security/docs.test.ts").toBe(
      true,
    );
    expect(readFileSync(DOC, "utf8")).toBe(expected);
  });
});
