import { z } from "zod";
import { imageRef, positiveInt, resources, resourcesSchema, secretKeyRef } from "./common";

/** Names of receivers, label names and values that reach alertmanager.yml: a safe alphabet, no quoting games. */
const receiverName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "a receiver name (lower-case letters, digits, '-')");
const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/, "a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
const labelValue = z.string().regex(/^[-a-zA-Z0-9_.:/ ]{1,128}$/, "a label value ([-a-zA-Z0-9_.:/ ]+)");

/**
 * A receiver. Every credential is a Secret reference: the Secret is mounted read-only into the
 * Alertmanager pod and named with a `*_file` field, so no URL or token is ever in charts-out/.
 */
const receiverSchema = z
  .strictObject({
    name: receiverName,
    /** Generic webhook; the whole URL (it usually carries a token) comes from the Secret (`url_file`). */
    webhook: z.strictObject({ urlSecret: secretKeyRef, sendResolved: z.boolean().default(true) }).optional(),
    /** Slack incoming webhook (`api_url_file`). */
    slack: z
      .strictObject({
        apiUrlSecret: secretKeyRef,
        channel: z.string().regex(/^#?[a-z0-9][-_a-z0-9]{0,79}$/, "a Slack channel name"),
        sendResolved: z.boolean().default(true),
      })
      .optional(),
  })
  .refine((r) => r.webhook === undefined || r.slack === undefined, "at most one of webhook, slack per receiver");
export type ReceiverConfig = z.infer<typeof receiverSchema>;

const routeSchema = z.strictObject({
  /** Alerts whose labels equal all of these go to `receiver`. */
  matchers: z.record(labelName, labelValue),
  receiver: receiverName,
  /** Keep matching sibling routes after this one. @default false */
  continue: z.boolean().default(false),
});

const inhibitionSchema = z.strictObject({
  sourceMatchers: z.record(labelName, labelValue),
  targetMatchers: z.record(labelName, labelValue),
  /** Labels that must be equal on source and target. */
  equal: z.array(labelName),
});

/** Alertmanager: grouping, routing, inhibition; receivers by Secret reference. */
export const alertmanagerSchema = z
  .strictObject({
    /** @default "quay.io/prometheus/alertmanager:v0.33.1" */
    image: imageRef.default("quay.io/prometheus/alertmanager:v0.33.1"),
    /** Replicas form a gossip cluster (`--cluster.peer`) that deduplicates notifications. @default 1 (dev), 2 (prod) */
    replicas: positiveInt.max(5).default(1),
    /** @default 5m/50m CPU, 24/64 MiB */
    resources: resourcesSchema.default(resources([5, 50], [24, 64])),
    /** @default [] (alerts are visible in Alertmanager and Grafana, and notify nobody) */
    receivers: z.array(receiverSchema).default([]),
    /** Receiver of alerts no route matches. @default "null" (a receiver that drops the alert) */
    defaultReceiver: receiverName.default("null"),
    /** @default [] */
    routes: z.array(routeSchema).default([]),
    /** @default ["alertname", "namespace"] */
    groupBy: z.array(labelName).default(["alertname", "namespace"]),
    /** @default 30 */
    groupWaitSeconds: positiveInt.max(3600).default(30),
    /** @default 5 */
    groupIntervalMinutes: positiveInt.max(1440).default(5),
    /** @default 4 */
    repeatIntervalHours: positiveInt.max(168).default(4),
    /**
     * @default a critical alert mutes warnings of the same alertname and namespace; a down node mutes the
     * alerts of the pods on it (equal `node`)
     */
    inhibitions: z.array(inhibitionSchema).default([
      { sourceMatchers: { severity: "critical" }, targetMatchers: { severity: "warning" }, equal: ["alertname", "namespace"] },
      { sourceMatchers: { alertname: "NodeNotReady" }, targetMatchers: { scope: "pod" }, equal: ["node"] },
    ]),
  })
  .superRefine((am, ctx) => {
    const names = new Set(["null", ...am.receivers.map((r) => r.name)]);
    am.receivers.forEach((r, i) => {
      if (r.name === "null")
        ctx.addIssue({ code: "custom", path: ["receivers", i, "name"], message: "a name other than 'null' (reserved)" });
    });
    if (!names.has(am.defaultReceiver)) {
      ctx.addIssue({ code: "custom", path: ["defaultReceiver"], message: `the name of a receiver (${[...names].join(", ")})` });
    }
    am.routes.forEach((route, i) => {
      if (!names.has(route.receiver)) {
        ctx.addIssue({
          code: "custom",
          path: ["routes", i, "receiver"],
          message: `the name of a receiver (${[...names].join(", ")})`,
        });
      }
    });
  });
export type AlertmanagerSettings = z.infer<typeof alertmanagerSchema>;
