import type { KubeObject, SynthesizedPlatform } from "../synth";

/** A Secret the synthesized objects reference (they never contain one: values come from stack secrets). */
export interface SecretUse {
  readonly namespace: string;
  readonly name: string;
  /** Keys read through secretKeyRef or volume items; empty when the whole Secret is mounted or imported. */
  readonly keys: readonly string[];
  /** True when every reference is `optional: true` (the pods start without it). */
  readonly optional: boolean;
  /** Charts whose objects reference it. */
  readonly charts: readonly string[];
}

interface Reference {
  readonly name: string;
  readonly keys: readonly string[];
  readonly optional: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The Secret reference a node of a pod spec makes, if any (env secretKeyRef, envFrom secretRef, volumes). */
function referenceAt(key: string, node: Record<string, unknown>): Reference | undefined {
  const optional = node.optional === true;
  const items = Array.isArray(node.items) ? node.items.filter(isRecord).map((i) => String(i.key)) : [];
  if (key === "secretKeyRef" && typeof node.name === "string") return { name: node.name, keys: [String(node.key)], optional };
  if (key === "secretRef" && typeof node.name === "string") return { name: node.name, keys: [], optional };
  if (key === "secret" && typeof node.secretName === "string") return { name: node.secretName, keys: items, optional };
  if (key === "secret" && typeof node.name === "string") return { name: node.name, keys: items, optional };
  return undefined;
}

function collect(value: unknown, found: Reference[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, found);
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const reference = isRecord(child) ? referenceAt(key, child) : undefined;
    if (reference) found.push(reference);
    collect(child, found);
  }
}

/** Secret references in one object's spec (namespaced objects only: a reference resolves in the pod's namespace). */
export function secretReferencesOf(object: KubeObject): Reference[] {
  const found: Reference[] = [];
  if (object.metadata.namespace !== undefined) collect({ ...object, metadata: {} }, found);
  return found;
}

/** Every Secret the platform's objects reference, merged per namespace and name, sorted. */
export function secretUses(platform: SynthesizedPlatform): SecretUse[] {
  const uses = new Map<string, { namespace: string; name: string; keys: Set<string>; optional: boolean; charts: Set<string> }>();
  for (const chart of platform.charts) {
    for (const object of chart.objects) {
      for (const ref of secretReferencesOf(object)) {
        const namespace = object.metadata.namespace!;
        const id = `${namespace}/${ref.name}`;
        const use = uses.get(id) ?? {
          namespace,
          name: ref.name,
          keys: new Set<string>(),
          optional: true,
          charts: new Set<string>(),
        };
        for (const key of ref.keys) use.keys.add(key);
        use.optional = use.optional && ref.optional;
        use.charts.add(chart.name);
        uses.set(id, use);
      }
    }
  }
  return [...uses.values()]
    .map((u) => ({ ...u, keys: [...u.keys].sort(), charts: [...u.charts].sort() }))
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}
