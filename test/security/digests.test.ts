import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, filesUnder } from "./support/manifests";

/**
 * Never a made-up digest (issue 8): a guessed `sha256:` never pulls, so the pod never starts. Keelson-built
 * images get theirs from the build (`repoDigest`, at `pulumi up`), never from source. A third-party digest
 * may appear in the source only next to the source it was copied from: a URL within three lines above it.
 */
const DIGEST = /sha256:[a-f0-9]{64}/;
const ROOTS = ["infra", "images", "charts-out", "scripts"];

/** Digests in `text` without a cited source (a URL on the same line or in the three lines above). */
function uncitedDigests(text: string): number[] {
  const lines = text.split("\n");
  return lines.flatMap((line, i) =>
    DIGEST.test(line) && !lines.slice(Math.max(0, i - 3), i + 1).some((l) => /https?:\/\//.test(l)) ? [i + 1] : [],
  );
}

describe("image digests", () => {
  it("appear in source and output only with a cited source", () => {
    const found = ROOTS.flatMap((root) => filesUnder(join(REPO_ROOT, root)))
      .filter((f) => /\.(ts|ya?ml|json|sh|md)$|Dockerfile$/.test(f))
      .flatMap((f) => uncitedDigests(readFileSync(f, "utf8")).map((line) => `${relative(REPO_ROOT, f)}:${line}`));
    expect(found).toEqual([]);
  });

  it("the check catches an uncited digest and accepts a cited one (the control)", () => {
    const digest = `sha256:${"ab".repeat(32)}`;
    expect(uncitedDigests(`image: "quay.io/x/y:1.0@${digest}"`)).toEqual([1]);
    expect(uncitedDigests(`// https://github.com/x/y/releases/tag/v1.0\nconst Y = "quay.io/x/y:1.0@${digest}";`)).toEqual([]);
  });
});
