import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkovSuppressionsOf } from "../../../infra/constructs/checkov";
import { imagesOf, podSpecOf } from "../../../infra/constructs/security-exceptions";
import { keelsonNamespaces, type PlatformConfig } from "../../../infra/config";
import {
  HARDENING_RULES,
  IMAGE_DIGEST_SUPPRESSION,
  RBAC_RULES,
  SECURITY_EXCEPTIONS,
  showObjectRef,
  type SecurityException,
} from "../../../infra/security/exceptions";
import { describeObject, metadataOf, type Json } from "./manifests";

export interface ProfileObjects {
  readonly profile: string;
  readonly config: PlatformConfig;
  readonly objects: readonly Json[];
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function table(header: readonly string[], rows: readonly (readonly string[])[], empty: string): string[] {
  if (rows.length === 0) return [`_${empty}_`, ""];
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
    "",
  ];
}

/** Rows keyed by their content, with the profiles each appears in (a row present in every profile says "all"). */
function byProfile(profiles: readonly ProfileObjects[], rowsOf: (p: ProfileObjects) => string[][]): string[][] {
  const seen = new Map<string, { row: string[]; profiles: string[] }>();
  for (const p of profiles) {
    for (const row of rowsOf(p)) {
      const key = JSON.stringify(row);
      const entry = seen.get(key) ?? { row, profiles: [] };
      entry.profiles.push(p.profile);
      seen.set(key, entry);
    }
  }
  return [...seen.values()]
    .map(({ row, profiles: ps }) => [row[0]!, ps.length === profiles.length ? "all" : ps.join(", "), ...row.slice(1)])
    .sort((a, b) => a.join("\0").localeCompare(b.join("\0")));
}

/** The Checkov version scripts/checkov.sh pins, so this document follows a version bump. */
function checkovVersion(): string {
  const script = readFileSync(join(__dirname, "..", "..", "..", "scripts", "checkov.sh"), "utf8");
  const version = /^CHECKOV_VERSION=([0-9.]+)$/m.exec(script)?.[1];
  if (version === undefined) throw new Error("scripts/checkov.sh: 'CHECKOV_VERSION' must be set, got nothing");
  return version;
}

const GATE = [
  "## The gate",
  "",
  "| what | how | where |",
  "| --- | --- | --- |",
  `| Independent scanner | Checkov ${checkovVersion()} (pinned with every dependency in \`scripts/checkov-requirements.txt\`, venv cached in \`~/.cache/keelson/\`) over every \`charts-out/<profile>/\` and \`images/*/Dockerfile\`: zero failed checks; a fixture with one new violation must fail | \`test/security/checkov.test.ts\`, \`scripts/checkov.sh\` |`,
  "| Container hardening | every container of every workload: non-root, read-only root filesystem, no privilege escalation, capabilities dropped (ALL), seccomp RuntimeDefault, requests and limits, pinned image, no service-account token, no host access | `test/security/hardening.test.ts` |",
  "| RBAC review | no `*`, `escalate`, `bind`, `impersonate` or secrets read in any Role/ClusterRole, no binding of cluster-admin/admin/edit | `test/security/rbac.test.ts` |",
  "| Secrets | distinctive values set through every secret input never reach `charts-out/`; no Secret with data is rendered | `test/security/secrets.test.ts` |",
  "| Hostile config | fast-check `PlatformConfig` values (long, unicode, metacharacters, out-of-range, duplicates): rejected with field-named errors, or synthesized into valid, hardened objects whose configs pass their real checkers | `test/security/property.test.ts` (a few hundred cases), `npm run fuzz` (10,000) |",
  "| This document | generated from `infra/security/exceptions.ts` and a fresh synth of every profile; a test fails when it is stale | `test/security/docs.test.ts` |",
  "",
];

const RECIPE = [
  "## Writing a workload that passes",
  "",
  "- Pod: `restrictedPodSecurityContext(uid)` with a UID of 10000 or more (Checkov CKV_K8S_40; the default",
  "  65532 qualifies), `automountServiceAccountToken: false` unless the pod calls the API server.",
  "- Every container: `restrictedContainerSecurityContext()`, `resourceRequirements(...)`,",
  "  `imagePullPolicy: imagePullPolicy(image)` (Always for a tag, IfNotPresent for a digest: CKV_K8S_15),",
  "  a liveness and a readiness probe (CKV_K8S_8, CKV_K8S_9), an image pinned by version tag.",
  "  All helpers are in `infra/constructs/workload-defaults.ts`.",
  "- Anything else is an exception: add it to `infra/security/exceptions.ts` with its reason (Checkov",
  "  suppressions are then written onto the object), run the tests, and regenerate this file.",
  "",
];

function namespaceRows(p: ProfileObjects): string[][] {
  return keelsonNamespaces(p.config).map((ns) => [ns.name, ns.podSecurity, ns.reason ?? "—"]);
}

/** Where an object of the registry appears in the default output ("opt-in" when only a config switch adds it). */
function presence(profiles: readonly ProfileObjects[], ref: string): string {
  const where = profiles.filter((p) => p.objects.some((o) => describeObject(o) === ref)).map((p) => p.profile);
  return where.length === 0 ? "opt-in" : where.length === profiles.length ? "all" : where.join(", ");
}

function digestRows(p: ProfileObjects): string[][] {
  return p.objects
    .filter((o) => checkovSuppressionsOf(metadataOf(o).annotations).some((s) => s.check === IMAGE_DIGEST_SUPPRESSION.check))
    .map((o) => [describeObject(o)]);
}

function imageRows(p: ProfileObjects): string[][] {
  return p.objects.flatMap((o) => {
    const spec = podSpecOf(o);
    if (!spec) return [];
    return [...new Set(imagesOf(spec))].map((image) => [image, image.includes("@sha256:") ? "digest" : "tag", describeObject(o)]);
  });
}

function exceptionRows(exceptions: readonly SecurityException[], profiles: readonly ProfileObjects[]) {
  const at = (e: SecurityException) => presence(profiles, showObjectRef(e.object));
  const checkov = exceptions.flatMap((e) => (e.checkov ?? []).map((c) => [showObjectRef(e.object), at(e), c.check, c.reason]));
  const hardening = exceptions.flatMap((e) =>
    (e.hardening ?? []).map((h) => [showObjectRef(e.object), at(e), h.container ?? "all", HARDENING_RULES[h.rule], h.reason]),
  );
  const rbac = exceptions.flatMap((e) =>
    (e.rbac ?? []).map((r) => [showObjectRef(e.object), at(e), RBAC_RULES[r.rule], r.reason]),
  );
  return { checkov, hardening, rbac };
}

const HEADER = [
  "# Security",
  "",
  "<!-- Generated by test/security/docs.test.ts from infra/security/exceptions.ts and a fresh synth of every profile.",
  "     Do not edit: change the exceptions or the charts, then run `UPDATE_GOLDEN=1 npx vitest run test/security/docs.test.ts`. -->",
  "",
  "Keelson's output must pass an independent scanner and a set of rules nobody can switch off from config.",
  "Every exception below is declared as data in `infra/security/exceptions.ts`, with its reason; Checkov",
  "suppressions are also written onto the object itself as `checkov.io/skip<N>: <CHECK>=<reason>`.",
  "",
];

const IMAGES_TEXT = [
  "## Images",
  "",
  "Keelson-built images get their digest from the build (`repoDigest`) when `pulumi up` runs; `charts-out/` pins",
  "them by tag. Third-party images are pinned by a version tag cited next to it in the code; a digest is",
  "used only where it comes from a cited source (a guessed digest would never pull).",
  "",
];

function checkovSection(profiles: readonly ProfileObjects[], rows: string[][]): string[] {
  return [
    "## Checkov suppressions (annotations on the objects)",
    "",
    'Column "in output": the profiles whose default output has the object; "opt-in" when only a config',
    "switch adds it (the variants test scans those too).",
    "",
    ...table(["object", "in output", "check", "reason"], rows, "none"),
    `And on every workload whose images carry no digest, \`${IMAGE_DIGEST_SUPPRESSION.check}\` (image digest): ${IMAGE_DIGEST_SUPPRESSION.reason}.`,
    "In the default output:",
    "",
    ...table(["object", "profiles"], byProfile(profiles, digestRows), "none"),
  ];
}

/** docs/security.md: every suppression and exception, each with its reason. */
export function renderSecurityDoc(
  profiles: readonly ProfileObjects[],
  exceptions: readonly SecurityException[] = SECURITY_EXCEPTIONS,
): string {
  const { checkov, hardening, rbac } = exceptionRows(exceptions, profiles);
  const namespaceHeader = ["namespace", "profiles", "enforced level", "reason (when not restricted)"];
  const hardeningHeader = ["object", "in output", "container", "rule it is exempt from", "reason"];
  const lines = [
    ...HEADER,
    ...GATE,
    ...RECIPE,
    ...["## Namespaces and Pod Security admission", "", ...table(namespaceHeader, byProfile(profiles, namespaceRows), "none")],
    ...checkovSection(profiles, checkov),
    ...["## Container hardening exceptions", "", ...table(hardeningHeader, hardening, "none: every container meets every rule")],
    "## RBAC exceptions",
    "",
    ...table(["object", "in output", "grant", "reason"], rbac, "none: no role grants any of the rejected permissions"),
    ...IMAGES_TEXT,
    ...table(["image", "profiles", "pinned by", "used by"], byProfile(profiles, imageRows), "no workloads yet"),
  ];
  return `${lines.join("\n").trimEnd()}\n`;
}
