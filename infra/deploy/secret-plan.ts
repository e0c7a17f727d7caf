import type { SecretUse } from "./secret-refs";

/** A Secret `pulumi up` creates from stack secrets, in one namespace. */
export interface SecretPlan {
  readonly namespace: string;
  readonly name: string;
  readonly type: "Opaque" | "kubernetes.io/tls";
  readonly charts: readonly string[];
}

export interface SecretPlanResult {
  readonly create: readonly SecretPlan[];
  readonly problems: readonly string[];
}

const TLS_KEYS = ["tls.crt", "tls.key"];

function setCommand(name: string, key: string): string {
  return `pulumi config set --secret --path 'keelson:secrets.${name}.${key}' <value>`;
}

/** A referenced key without a value (`<key>` when the whole Secret is mounted); optional Secrets may be absent. */
function problemsOfUse(use: SecretUse, provided: readonly string[] | undefined): string[] {
  if (provided === undefined && use.optional) return [];
  const missing =
    provided === undefined ? (use.keys.length > 0 ? use.keys : ["<key>"]) : use.keys.filter((key) => !provided.includes(key));
  return missing.map(
    (key) =>
      `'keelson:secrets.${use.name}.${key}' must be set for ${use.namespace}/${use.name} (used by ${use.charts.join(", ")}): ${setCommand(use.name, key)}, got nothing`,
  );
}

/**
 * Decides which Secrets `pulumi up` creates: every referenced Secret with values in `keelson:secrets`,
 * except those the user manages elsewhere (`keelson:externalSecrets`). Lists every problem at once:
 * a referenced key without a value, a value for a Secret nothing references (a typo would otherwise go
 * unnoticed), a name both provided and external. Messages name keys, never values.
 */
export function planSecrets(
  uses: readonly SecretUse[],
  provided: Readonly<Record<string, readonly string[]>>,
  external: readonly string[],
): SecretPlanResult {
  const problems: string[] = [];
  const usedNames = [...new Set(uses.map((u) => u.name))].sort();
  for (const name of Object.keys(provided).sort()) {
    if (!usedNames.includes(name)) {
      problems.push(
        `'keelson:secrets.${name}' must be a Secret the platform references (${usedNames.join(", ") || "none"}), got ${JSON.stringify(name)}`,
      );
    }
    if (external.includes(name))
      problems.push(`'keelson:externalSecrets' must not list ${JSON.stringify(name)}, which keelson:secrets provides`);
  }
  const create: SecretPlan[] = [];
  for (const use of uses) {
    if (external.includes(use.name)) continue;
    problems.push(...problemsOfUse(use, provided[use.name]));
    const keys = provided[use.name];
    if (keys === undefined) continue;
    const isTls = keys.length === TLS_KEYS.length && TLS_KEYS.every((k) => keys.includes(k));
    create.push({ namespace: use.namespace, name: use.name, type: isTls ? "kubernetes.io/tls" : "Opaque", charts: use.charts });
  }
  return { create, problems };
}
