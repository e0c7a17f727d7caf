import { parseAllDocuments } from "yaml";
import { describeObject, type Json } from "../support/manifests";
import { INJECTION_MARKER } from "./hostile-values";

/** A config file Keelson rendered into a ConfigMap, and the syntax it is read with. */
export interface ConfigFile {
  /** "ConfigMap kube-system/coredns: Corefile" */
  readonly where: string;
  readonly key: string;
  readonly syntax: "nginx" | "corefile" | "yaml" | "json" | "other";
  readonly text: string;
}

function syntaxOf(key: string): ConfigFile["syntax"] {
  if (key === "nginx.conf" || key.endsWith(".nginx.conf")) return "nginx";
  if (key.startsWith("Corefile")) return "corefile";
  if (/\.ya?ml$/.test(key)) return "yaml";
  if (key.endsWith(".json")) return "json";
  return "other";
}

export function configFilesOf(objects: readonly Json[]): ConfigFile[] {
  return objects
    .filter((o) => o.kind === "ConfigMap")
    .flatMap((o) =>
      Object.entries((o.data ?? {}) as Record<string, string>).map(([key, text]) => ({
        where: `${describeObject(o)}: ${key}`,
        key,
        syntax: syntaxOf(key),
        text,
      })),
    );
}

/**
 * nginx's tokenizer, as ngx_conf_read_token: whitespace separates, `;` `{` `}` end a directive,
 * `#` starts a comment, '…' and "…" quote (backslash escapes the next character). Returns every
 * statement as its tokens (quotes removed); the first token is the directive name.
 */
export function nginxStatements(text: string): string[][] {
  const statements: string[][] = [];
  let current: string[] = [];
  const end = () => {
    if (current.length > 0) statements.push(current);
    current = [];
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) i += 1;
    else if (c === "#") while (i < text.length && text[i] !== "\n") i += 1;
    else if (c === ";" || c === "{" || c === "}") {
      end();
      i += 1;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === "\\" ? 2 : 1;
      current.push(text.slice(i + 1, j));
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s;{}]/.test(text[j]!)) j += text[j] === "\\" ? 2 : 1;
      current.push(text.slice(i, j));
      i = j;
    }
  }
  end();
  return statements;
}

export function nginxDirectiveNames(text: string): string[] {
  return nginxStatements(text).map((s) => s[0]!);
}

/**
 * The Corefile's statements, as CoreDNS's Caddyfile lexer reads them: one per line (a `{`/`}` also ends
 * one), `#` comments, "…" quoting with backslash escapes. Returns the first token of each statement:
 * server-block keys and plugin (directive) names.
 */
export function corefileDirectiveNames(text: string): string[] {
  const names: string[] = [];
  let first = true;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\n" || c === "{" || c === "}") {
      first = true;
      i += 1;
    } else if (/\s/.test(c)) i += 1;
    else if (c === "#") while (i < text.length && text[i] !== "\n") i += 1;
    else {
      let j = i;
      if (c === '"') {
        j += 1;
        while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
        j += 1;
      } else while (j < text.length && !/[\s{}]/.test(text[j]!)) j += 1;
      if (first) names.push(text.slice(i, j));
      first = false;
      i = j;
    }
  }
  return names;
}

function yamlKeys(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => yamlKeys(v, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      yamlKeys(v, out);
    }
  }
  return out;
}

/**
 * Problems with one rendered config file that need no external program: it must parse (YAML/JSON), and no
 * directive, statement or key may carry the injection marker: a value the user typed must stay a value.
 * For other syntaxes (Fluent Bit, INI-like): no line may start with the marker.
 */
export function configFileProblems(file: ConfigFile): string[] {
  const injected = (names: readonly string[]) =>
    names.filter((n) => n.includes(INJECTION_MARKER)).map((n) => `${file.where}: injected directive or key ${JSON.stringify(n)}`);
  switch (file.syntax) {
    case "nginx":
      return injected(nginxDirectiveNames(file.text));
    case "corefile":
      return injected(corefileDirectiveNames(file.text));
    case "yaml":
    case "json": {
      const docs = parseAllDocuments(file.text);
      const errors = docs.flatMap((d) => d.errors.map((e) => `${file.where}: not valid YAML/JSON: ${e.message.split("\n")[0]}`));
      if (errors.length > 0) return errors;
      return injected(docs.flatMap((d) => yamlKeys(d.toJS())));
    }
    default:
      return injected(file.text.split(/\r?\n/).map((line) => line.trim().split(/\s+/)[0] ?? ""));
  }
}

/** The marker must not appear in any object key of a manifest (label, annotation or data keys included). */
export function manifestKeyProblems(object: Json): string[] {
  return yamlKeys(object)
    .filter((k) => k.includes(INJECTION_MARKER))
    .map((k) => `${describeObject(object)}: injected key ${JSON.stringify(k)}`);
}
