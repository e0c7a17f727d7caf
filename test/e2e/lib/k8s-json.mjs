// JSON helpers for test/e2e/run.sh: read `kubectl get -o json` output on stdin, print plain lines.
//   node k8s-json.mjs objects    List -> "<Kind>\t<namespace or ->\t<name>" per item
//   node k8s-json.mjs notready [FILE]
//                                List of Deployments/StatefulSets/DaemonSets -> "<Kind>/<ns>/<name>: <why>"
//                                for each one that is not Ready (nothing printed when all are Ready); with
//                                FILE ("<Kind>\t<ns>\t<name>" lines) only those, and a missing one is not Ready
//   node k8s-json.mjs psa        List of Events -> "<ns>/<object>: <message>" for PodSecurity rejections
//   node k8s-json.mjs apiservice APIService -> "<name> Available=<status> (<reason>: <message>)"
import fs from "node:fs";

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const items = input.kind === "List" || Array.isArray(input.items) ? (input.items ?? []) : [input];
const out = [];

function workloadProblem(o) {
  const s = o.status ?? {};
  const gen = o.metadata?.generation ?? 0;
  if ((s.observedGeneration ?? 0) < gen) return `status not observed yet (generation ${gen})`;
  const want = o.spec?.replicas ?? 1;
  switch (o.kind) {
    case "Deployment": {
      if ((s.updatedReplicas ?? 0) < want) return `updated ${s.updatedReplicas ?? 0}/${want}`;
      if ((s.availableReplicas ?? 0) < want) return `available ${s.availableReplicas ?? 0}/${want}`;
      if ((s.replicas ?? 0) > want) return `old replicas still running (${s.replicas}/${want})`;
      return null;
    }
    case "StatefulSet": {
      if ((s.readyReplicas ?? 0) < want) return `ready ${s.readyReplicas ?? 0}/${want}`;
      if ((s.updatedReplicas ?? 0) < want) return `updated ${s.updatedReplicas ?? 0}/${want}`;
      return null;
    }
    case "DaemonSet": {
      const desired = s.desiredNumberScheduled ?? 0;
      if (desired === 0) return "no node selected (desiredNumberScheduled 0)";
      if ((s.numberReady ?? 0) < desired) return `ready ${s.numberReady ?? 0}/${desired}`;
      if ((s.updatedNumberScheduled ?? 0) < desired) return `updated ${s.updatedNumberScheduled ?? 0}/${desired}`;
      return null;
    }
    default:
      return null;
  }
}

switch (process.argv[2]) {
  case "objects":
    for (const o of items) out.push([o.kind, o.metadata?.namespace || "-", o.metadata?.name].join("\t"));
    break;
  case "notready": {
    const key = (kind, ns, name) => `${kind}/${ns}/${name}`;
    const byKey = new Map(items.map((o) => [key(o.kind, o.metadata?.namespace, o.metadata?.name), o]));
    const wanted = process.argv[3]
      ? fs
          .readFileSync(process.argv[3], "utf8")
          .split("\n")
          .filter(Boolean)
          .map((l) => key(...l.split("\t")))
      : [...byKey.keys()];
    for (const k of wanted) {
      const o = byKey.get(k);
      const why = o ? workloadProblem(o) : "not found";
      if (why) out.push(`${k}: ${why}`);
    }
    break;
  }
  case "psa":
    for (const e of items) {
      if (/PodSecurity/.test(e.message ?? "")) {
        out.push(`${e.involvedObject?.namespace}/${e.involvedObject?.kind}/${e.involvedObject?.name}: ${e.message}`);
      }
    }
    break;
  case "apiservice":
    for (const o of items) {
      const c = (o.status?.conditions ?? []).find((x) => x.type === "Available");
      out.push(`${o.metadata.name} Available=${c?.status ?? "Unknown"} (${c?.reason ?? "-"}: ${c?.message ?? "-"})`);
    }
    break;
  default:
    process.stderr.write("usage: node k8s-json.mjs objects|notready|psa|apiservice < kubectl-json\n");
    process.exit(2);
}
if (out.length > 0) process.stdout.write(`${out.join("\n")}\n`);
