import { podSpecOf } from "../../../infra/constructs/security-exceptions";
import { describeObject, metadataOf, type Json } from "../support/manifests";

/**
 * The name rules the API server enforces (apimachinery validation) that the OpenAPI schema does not
 * carry: an object that breaks one passes offline schema validation but is refused by `kubectl apply`.
 */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

const label = (v: string) => v.length <= 63 && DNS1123_LABEL.test(v);
const subdomain = (v: string) => v.length <= 253 && DNS1123_SUBDOMAIN.test(v);

/** prefix/name keys of labels and annotations. */
function qualifiedKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  return name.length <= 63 && QUALIFIED_NAME.test(name) && (prefix === undefined || subdomain(prefix));
}

/** RBAC names are path segments: anything but '/', '%', '.' and '..'. */
const pathSegment = (n: string) => n !== "" && !/[/%]/.test(n) && n !== "." && n !== "..";

const NAME_RULES: Readonly<Record<string, (name: string) => boolean>> = {
  Namespace: label,
  Service: (n) => n.length <= 63 && DNS1035_LABEL.test(n),
  CronJob: (n) => n.length <= 52 && subdomain(n),
  Role: pathSegment,
  ClusterRole: pathSegment,
  RoleBinding: pathSegment,
  ClusterRoleBinding: pathSegment,
};

function metadataProblems(object: Json): string[] {
  const { name, namespace, labels, annotations } = metadataOf(object);
  const what = describeObject(object);
  const problems: string[] = [];
  const nameOk = NAME_RULES[String(object.kind)] ?? subdomain;
  if (typeof name !== "string" || !nameOk(name)) problems.push(`${what}: invalid metadata.name`);
  if (namespace !== undefined && !label(namespace)) problems.push(`${what}: invalid metadata.namespace`);
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (!qualifiedKey(k) || typeof v !== "string" || v.length > 63 || !LABEL_VALUE.test(v))
      problems.push(`${what}: invalid label ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  }
  for (const k of Object.keys(annotations ?? {}))
    if (!qualifiedKey(k)) problems.push(`${what}: invalid annotation key ${JSON.stringify(k)}`);
  if (JSON.stringify(annotations ?? {}).length > 256 * 1024) problems.push(`${what}: annotations over 256 KiB`);
  return problems;
}

interface NamedPort {
  name?: string;
}

function podProblems(object: Json): string[] {
  const spec = podSpecOf(object) as
    | {
        containers?: { name?: string; ports?: NamedPort[] }[];
        initContainers?: { name?: string; ports?: NamedPort[] }[];
        volumes?: { name?: string }[];
      }
    | undefined;
  if (!spec) return [];
  const what = describeObject(object);
  const problems: string[] = [];
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    if (!label(String(c.name))) problems.push(`${what}: invalid container name ${JSON.stringify(c.name)}`);
    for (const p of c.ports ?? []) {
      const n = p.name;
      if (n !== undefined && !(n.length <= 15 && PORT_NAME.test(n) && /[a-z]/.test(n) && !n.includes("--"))) {
        problems.push(`${what}: invalid port name ${JSON.stringify(n)}`);
      }
    }
  }
  for (const v of spec.volumes ?? [])
    if (!label(String(v.name))) problems.push(`${what}: invalid volume name ${JSON.stringify(v.name)}`);
  return problems;
}

function dataKeyProblems(object: Json): string[] {
  if (object.kind !== "ConfigMap" && object.kind !== "Secret") return [];
  const keys = [
    ...Object.keys((object.data ?? {}) as object),
    ...Object.keys((object.binaryData ?? object.stringData ?? {}) as object),
  ];
  const bad = keys.filter((k) => k.length > 253 || !CONFIG_KEY.test(k));
  const size = JSON.stringify(object.data ?? {}).length;
  return [
    ...bad.map((k) => `${describeObject(object)}: invalid data key ${JSON.stringify(k)}`),
    ...(size > 1024 * 1024 ? [`${describeObject(object)}: data over 1 MiB`] : []),
  ];
}

/** Problems the API server would report for names, labels, annotations and keys; empty when it would accept them. */
export function apiNameProblems(object: Json): string[] {
  return [...metadataProblems(object), ...podProblems(object), ...dataKeyProblems(object)];
}
