import Ajv, { type ValidateFunction } from "ajv";
import { loadKubernetesSwagger } from "./k8s-openapi";

type Json = Record<string, unknown>;
type Gvk = { group: string; version: string; kind: string };

/**
 * Makes a swagger definition strict: every object schema with declared properties rejects unknown
 * fields (as the API server does with fieldValidation=Strict), and `int-or-string` accepts both.
 */
function strictify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictify);
  if (node === null || typeof node !== "object") return node;
  const schema = node as Json;
  if (schema.format === "int-or-string") return { oneOf: [{ type: "string" }, { type: "integer" }] };
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] =
      key === "properties"
        ? Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, strictify(v)]))
        : strictify(value);
  }
  if (out.properties && out.additionalProperties === undefined && !schema["x-kubernetes-preserve-unknown-fields"]) {
    out.additionalProperties = false;
  }
  return out;
}

function gvkKey({ group, version, kind }: Gvk): string {
  return `${group ? `${group}/` : ""}${version}/${kind}`;
}

function apiVersionKey(object: Json): string {
  return `${String(object.apiVersion)}/${String(object.kind)}`;
}

/**
 * Validates Kubernetes objects offline against the OpenAPI schema of the Kubernetes release the bench runs,
 * strictly: an unknown field anywhere is an error. Objects of CustomResourceDefinitions that appear in the
 * same set are validated against the CRD's own schema.
 */
export class KubernetesSchemaValidator {
  private readonly ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  private readonly definitionByGvk = new Map<string, string>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    const swagger = loadKubernetesSwagger();
    const definitions: Json = {};
    for (const [name, definition] of Object.entries(swagger.definitions)) {
      definitions[name] = strictify(definition);
      const gvks = (definition["x-kubernetes-group-version-kind"] ?? []) as Gvk[];
      for (const gvk of gvks) this.definitionByGvk.set(gvkKey(gvk), name);
    }
    this.ajv.addSchema({ $id: "k8s", definitions });
  }

  /** Registers the schemas of CRDs so their custom objects can be validated too. */
  addCustomResourceDefinitions(objects: readonly Json[]): void {
    for (const crd of objects.filter((o) => o.kind === "CustomResourceDefinition")) {
      const spec = crd.spec as {
        group: string;
        names: { kind: string };
        versions: { name: string; schema?: { openAPIV3Schema?: Json } }[];
      };
      for (const version of spec.versions) {
        const key = `${spec.group}/${version.name}/${spec.names.kind}`;
        const schema = version.schema?.openAPIV3Schema ?? { type: "object" };
        this.compiled.set(key, this.ajv.compile(strictify(schema) as Json));
      }
    }
  }

  private validatorFor(object: Json): ValidateFunction | undefined {
    const key = apiVersionKey(object);
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const definition = this.definitionByGvk.get(key);
    if (!definition) return undefined;
    const validate = this.ajv.getSchema(`k8s#/definitions/${definition}`);
    if (validate) this.compiled.set(key, validate);
    return validate;
  }

  /** Problems with one object, each naming the object and the JSON path; empty when valid. */
  validate(object: Json): string[] {
    const metadata = (object.metadata ?? {}) as Json;
    const name = `${String(object.kind)} ${metadata.namespace ? `${String(metadata.namespace)}/` : ""}${String(metadata.name)}`;
    const validate = this.validatorFor(object);
    if (!validate) return [`${name}: no schema for ${apiVersionKey(object)} in the Kubernetes OpenAPI schema or a CRD`];
    if (validate(object)) return [];
    return (validate.errors ?? []).map((e) => {
      const extra =
        e.keyword === "additionalProperties"
          ? ` '${String((e.params as { additionalProperty: string }).additionalProperty)}'`
          : "";
      return `${name}: ${e.instancePath || "/"} ${e.message ?? "is invalid"}${extra}`;
    });
  }
}
