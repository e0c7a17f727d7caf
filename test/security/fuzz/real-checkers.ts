import { isIP } from "node:net";
import type { PlatformConfig } from "../../../infra/config";
import { effectiveEdge } from "../../../infra/charts/edge-contributions";
import { clusterCorefile, nodeLocalCorefile, printCorefile } from "../../../infra/render/corefile";
import { edgeSecretMounts } from "../../../infra/render/nginx";
import { clusterCorefileOnLoopback, clusterZoneFile, nodeLocalCorefileOnLoopback } from "../../dns/loopback-corefile";
import { selfSignedCert } from "../../edge/support/certs";
import { nginxTestMany } from "../../render/nginx/support/nginx-batch";
import { builtTool, promtoolPath, run, tempDirWith } from "../../render/prometheus/tools";
import { coreDnsValidate, freeListenAddress } from "../../support/coredns";
import type { ConfigFile } from "./config-files";
import { nginxStatements } from "./config-files";

/** One accepted config, as the real checkers need it. */
export interface CheckedConfig {
  readonly label: string;
  readonly config: PlatformConfig;
  readonly files: readonly ConfigFile[];
}

export interface RealCheckReport {
  /** How many distinct files each checker ran on. */
  readonly checked: Record<string, number>;
  readonly failures: string[];
}

/** promtool with Kubernetes SD, the version of the Prometheus image (scripts/tools/build-promtool.sh). */
const PROMTOOL_DIR = "promtool-3.13.2";
/** amtool, the version of the Alertmanager image (scripts/tools/build-amtool.sh). */
const AMTOOL_DIR = "amtool-0.33.1";

const fileOf = (c: CheckedConfig, where: RegExp) => c.files.find((f) => where.test(f.where));

/**
 * Hostnames nginx resolves while loading the config, pointed at loopback (in a pod, the cluster DNS and the
 * search domains answer them): every address of `resolver`, the address of each upstream `server`.
 */
function hostsFor(conf: string): Record<string, string> {
  const hosts: Record<string, string> = {};
  for (const [name, ...args] of nginxStatements(conf)) {
    const addresses = name === "resolver" ? args.filter((a) => !a.includes("=")) : name === "server" ? args.slice(0, 1) : [];
    for (const address of addresses) {
      const host = address.replace(/:\d+$/, "");
      if (/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/i.test(host) && isIP(host) === 0) hosts[host] = "127.0.0.1";
    }
  }
  return hosts;
}

/** Secret files the edge pod mounts, with test contents (certificates nginx -t really loads). */
function secretsFor(config: PlatformConfig): Record<string, string> {
  const { cert, key } = selfSignedCert(["edge.test"]);
  const files: Record<string, string> = {};
  for (const mount of edgeSecretMounts(effectiveEdge(config))) {
    for (const item of mount.items) {
      const path = `${mount.dir}/${item.path}`;
      files[path] = item.path.endsWith(".key")
        ? key
        : item.path.endsWith(".crt")
          ? cert
          : "user:$apr1$keelson$0000000000000000000000\n";
    }
  }
  return files;
}

/** nginx -t (the edge image's own nginx, in one buildah run) on every distinct nginx.conf. */
async function checkNginx(configs: readonly CheckedConfig[], report: RealCheckReport): Promise<void> {
  const byText = new Map<string, CheckedConfig>();
  for (const c of configs) {
    const file = fileOf(c, /^ConfigMap keelson-edge\/[^:]+: nginx\.conf$/);
    if (file) byText.set(file.text, c);
  }
  if (byText.size === 0) return;
  const cases = [...byText.entries()].map(([conf, c]) => ({ name: c.label, conf }));
  const secrets = Object.assign({}, ...[...byText.values()].map((c) => secretsFor(c.config))) as Record<string, string>;
  const hosts = Object.assign({}, ...cases.map((c) => hostsFor(c.conf))) as Record<string, string>;
  const outcomes = await nginxTestMany(cases, { secrets, hosts });
  report.checked.nginx = cases.length;
  for (const [name, o] of outcomes) if (!o.ok) report.failures.push(`${name}: nginx -t failed:\n${o.output}`);
}

/** The shipped Corefile must be the printed model, and the model must start on a real CoreDNS (on loopback). */
async function checkCorefiles(configs: readonly CheckedConfig[], report: RealCheckReport): Promise<void> {
  const seen = new Set<string>();
  for (const c of configs) {
    if (!c.config.dns.enabled) continue;
    const domain = c.config.platform.clusterDomain;
    const pairs = [
      { where: /^ConfigMap kube-system\/coredns: Corefile$/, model: clusterCorefile(c.config.dns, domain), nodeLocal: false },
      {
        where: /^ConfigMap kube-system\/node-local-dns: Corefile$/,
        model: nodeLocalCorefile(c.config.dns, domain),
        nodeLocal: true,
      },
    ];
    for (const { where, model, nodeLocal } of pairs) {
      const shipped = fileOf(c, where);
      if (!shipped || seen.has(shipped.text)) continue;
      seen.add(shipped.text);
      if (printCorefile(model) !== shipped.text)
        report.failures.push(`${c.label}: ${shipped.where} is not the printed Corefile model`);
      const { address, port } = await freeListenAddress();
      const listen = { address, port, healthPort: port + 1, readyPort: port + 2, metricsPort: port + 3 };
      const zoneFile = `db.${domain}`;
      const loopback = nodeLocal
        ? nodeLocalCorefileOnLoopback(model, listen, "127.0.0.1:53")
        : clusterCorefileOnLoopback(model, listen, zoneFile, domain);
      const result = await coreDnsValidate(printCorefile(loopback), {
        files: nodeLocal ? {} : { [zoneFile]: clusterZoneFile(domain) },
      });
      report.checked.corefile = (report.checked.corefile ?? 0) + 1;
      if (!result.ok) report.failures.push(`${c.label}: ${shipped.where}: CoreDNS did not start:\n${result.output}`);
    }
  }
}

/** Distinct texts of the files matching `where`, each with the first case that produced it. */
function distinctFiles(configs: readonly CheckedConfig[], where: RegExp): Map<string, string> {
  const texts = new Map<string, string>();
  for (const c of configs) for (const f of c.files) if (where.test(f.where) && !texts.has(f.text)) texts.set(f.text, c.label);
  return texts;
}

/** Runs `binary args… <file>` in a folder holding the text as `file`, for every distinct text; counts them. */
function checkEach(
  texts: Map<string, string>,
  what: string,
  binary: () => string,
  args: readonly string[],
  file: string,
  report: RealCheckReport,
): void {
  if (texts.size === 0) return;
  const bin = binary();
  for (const [text, label] of texts) {
    const r = run(bin, [...args, file], tempDirWith({ [file]: text }));
    if (r.status !== 0) report.failures.push(`${label}: ${what} failed:\n${r.output}`);
  }
  report.checked[what] = texts.size;
}

/** promtool check config (syntax: referenced files are pod paths) and check rules; amtool check-config. */
function checkPrometheus(configs: readonly CheckedConfig[], report: RealCheckReport): void {
  const promtool = () => builtTool("build-promtool.sh", "promtool", PROMTOOL_DIR);
  const amtool = () => builtTool("build-amtool.sh", "amtool", AMTOOL_DIR);
  const configFiles = distinctFiles(configs, /^ConfigMap keelson-monitoring\/prometheus-config: prometheus\.ya?ml$/);
  checkEach(configFiles, "prometheusConfig", promtool, ["check", "config", "--syntax-only"], "prometheus.yml", report);
  const rules = distinctFiles(configs, /^ConfigMap keelson-monitoring\/prometheus-rules: /);
  checkEach(rules, "prometheusRules", promtoolPath, ["check", "rules"], "rules.yaml", report);
  const alertmanager = distinctFiles(configs, /: alertmanager\.ya?ml$/);
  checkEach(alertmanager, "alertmanagerConfig", amtool, ["check-config"], "alertmanager.yml", report);
}

/** Runs every real checker on the configs' files; a missing tool throws with its install/build command. */
export async function realCheck(configs: readonly CheckedConfig[]): Promise<RealCheckReport> {
  const report: RealCheckReport = { checked: {}, failures: [] };
  await checkNginx(configs, report);
  await checkCorefiles(configs, report);
  checkPrometheus(configs, report);
  return report;
}
