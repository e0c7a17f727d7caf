import { applySecurityExceptions } from "../constructs/security-exceptions";
import type { Addon } from "./addon";

/**
 * The addon with the security exceptions of infra/security/exceptions.ts written onto its objects
 * (Checkov suppression annotations, with their reasons) once its chart is built. Every entry of ADDONS
 * is wrapped, so both consumers of a synthesis (charts-out/ and the Pulumi program) carry them.
 */
export function withSecurityExceptions(addon: Addon): Addon {
  return {
    ...addon,
    create: (scope, context) => {
      const chart = addon.create(scope, context);
      applySecurityExceptions(chart);
      return chart;
    },
  };
}
