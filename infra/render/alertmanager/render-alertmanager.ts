import type { AlertmanagerSettings, SecretKeyRef } from "../../config";
import { printYaml, type YamlValue } from "../prometheus/print-yaml";

/** Where the Alertmanager pod mounts each referenced Secret (read-only); the construct mounts the same paths. */
export const ALERTMANAGER_SECRETS_DIR = "/etc/alertmanager/secrets";

export function secretFilePath(ref: SecretKeyRef, dir = ALERTMANAGER_SECRETS_DIR): string {
  return `${dir}/${ref.name}/${ref.key}`;
}

/** Every Secret the receivers reference, de-duplicated and sorted (the construct mounts these). */
export function referencedSecrets(settings: AlertmanagerSettings): SecretKeyRef[] {
  const refs = settings.receivers.flatMap((r) =>
    [r.webhook?.urlSecret, r.slack?.apiUrlSecret].filter((x): x is SecretKeyRef => x !== undefined),
  );
  const unique = new Map(refs.map((r) => [`${r.name}/${r.key}`, r]));
  return [...unique.keys()].sort().map((k) => unique.get(k)!);
}

/** `name="value"` matchers; names and values are restricted by the config schema to a quote-free alphabet. */
function matchers(labels: Readonly<Record<string, string>>): string[] {
  return Object.keys(labels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(labels[name])}`);
}

function receiverModel(receiver: AlertmanagerSettings["receivers"][number], secretsDir: string): Record<string, YamlValue> {
  const model: Record<string, YamlValue> = { name: receiver.name };
  if (receiver.webhook) {
    model.webhook_configs = [
      { url_file: secretFilePath(receiver.webhook.urlSecret, secretsDir), send_resolved: receiver.webhook.sendResolved },
    ];
  }
  if (receiver.slack) {
    model.slack_configs = [
      {
        api_url_file: secretFilePath(receiver.slack.apiUrlSecret, secretsDir),
        channel: receiver.slack.channel,
        send_resolved: receiver.slack.sendResolved,
      },
    ];
  }
  return model;
}

/**
 * alertmanager.yml from the typed settings: one route tree (default receiver, sub-routes by matchers),
 * grouping, inhibition, and receivers whose credentials are files of mounted Secrets (`*_file`).
 * `secretsDir` is a parameter so tests can point it at real files.
 */
export function alertmanagerConfigModel(settings: AlertmanagerSettings, secretsDir = ALERTMANAGER_SECRETS_DIR): YamlValue {
  return {
    route: {
      receiver: settings.defaultReceiver,
      group_by: settings.groupBy,
      group_wait: `${settings.groupWaitSeconds}s`,
      group_interval: `${settings.groupIntervalMinutes}m`,
      repeat_interval: `${settings.repeatIntervalHours}h`,
      routes: settings.routes.map((r) => ({ matchers: matchers(r.matchers), receiver: r.receiver, continue: r.continue })),
    },
    inhibit_rules: settings.inhibitions.map((i) => ({
      source_matchers: matchers(i.sourceMatchers),
      target_matchers: matchers(i.targetMatchers),
      equal: i.equal,
    })),
    receivers: [{ name: "null" }, ...settings.receivers.map((r) => receiverModel(r, secretsDir))],
  };
}

export function renderAlertmanagerConfig(settings: AlertmanagerSettings, secretsDir = ALERTMANAGER_SECRETS_DIR): string {
  return printYaml(alertmanagerConfigModel(settings, secretsDir));
}
