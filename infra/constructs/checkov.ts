import type { ApiObject } from "cdk8s";

/**
 * Checkov reads suppressions from annotations on the scanned object itself:
 *   metadata.annotations["checkov.io/skip<N>"] = "<CHECK_ID>=<reason>"
 * so every suppression travels with the object and carries its reason. Checkov splits the value on
 * '=', so a reason must not contain one; it is one line of plain text.
 */
export const CHECKOV_SKIP_PREFIX = "checkov.io/skip";

/** A Checkov check id, e.g. CKV_K8S_43 (Kubernetes) or CKV_DOCKER_2 (Dockerfile). */
const CHECK_ID = /^CKV2?_[A-Z0-9]+_\d+$/;
/** One line of printable text without '=' (Checkov's separator): at least a few words. */
const REASON = /^[^=\n\r\t]{10,500}$/;

export interface CheckovSuppression {
  readonly check: string;
  readonly reason: string;
}

/** Throws when a check id or reason could not be written as a Checkov annotation. */
export function validateCheckovSuppression({ check, reason }: CheckovSuppression): void {
  if (!CHECK_ID.test(check)) {
    throw new Error(`Checkov suppression: 'check' must be a check id like CKV_K8S_43, got ${JSON.stringify(check)}`);
  }
  if (!REASON.test(reason) || reason.trim() !== reason) {
    throw new Error(
      `Checkov suppression ${check}: 'reason' must be one line of 10 to 500 characters without '=', got ${JSON.stringify(reason)}`,
    );
  }
}

/** Parses `checkov.io/skip<N>` annotations back into suppressions, in annotation order (skip1, skip2, …). */
export function checkovSuppressionsOf(annotations: Readonly<Record<string, string>> | undefined): CheckovSuppression[] {
  return Object.entries(annotations ?? {})
    .filter(([key]) => key.startsWith(CHECKOV_SKIP_PREFIX))
    .sort(([a], [b]) => Number(a.slice(CHECKOV_SKIP_PREFIX.length)) - Number(b.slice(CHECKOV_SKIP_PREFIX.length)))
    .map(([, value]) => {
      const at = value.indexOf("=");
      return at < 0 ? { check: value, reason: "" } : { check: value.slice(0, at), reason: value.slice(at + 1) };
    });
}

/**
 * Suppresses one Checkov check on one object, with its reason, as `checkov.io/skip<N>` (the next free N).
 * Suppressing the same check twice keeps the first reason. Every suppression must also be declared in
 * infra/security/exceptions.ts (test/security checks that they agree, and docs/security.md lists them).
 */
export function suppressCheckov(apiObject: ApiObject, check: string, reason: string): void {
  validateCheckovSuppression({ check, reason });
  const annotations = (apiObject.metadata.toJson() as { annotations?: Record<string, string> }).annotations;
  const existing = checkovSuppressionsOf(annotations);
  if (existing.some((s) => s.check === check)) return;
  const used = new Set(Object.keys(annotations ?? {}));
  let n = existing.length + 1;
  while (used.has(`${CHECKOV_SKIP_PREFIX}${n}`)) n += 1;
  apiObject.metadata.addAnnotation(`${CHECKOV_SKIP_PREFIX}${n}`, `${check}=${reason}`);
}
