import * as pulumi from "@pulumi/pulumi";
import type { KubeObject, SynthesizedChart } from "../synth";
import { kubeResourceClass } from "./kube-resource";
import {
  findObject,
  lazyObjectArgs,
  objectKey,
  objectResourceName,
  phaseOf,
  verifyDeployedObjects,
  withSkipAwait,
  type ReleasePhase,
} from "./release-objects";

export interface KeelsonReleaseArgs {
  /** The chart as synthesized from the config: which objects exist, and their content when no image is built. */
  readonly chart: SynthesizedChart;
  /**
   * The same chart synthesized with the built images' digests in `images.overrides`.
   * @default the chart's own objects (no image built)
   */
  readonly builtObjects?: pulumi.Output<readonly KubeObject[]>;
  /**
   * Image references (as configured, before digests) that `builtObjects` replaces. Objects containing one
   * take their content from `builtObjects` and so wait for the image builds; the others deploy at once.
   * @default []
   */
  readonly replacedImageRefs?: readonly string[];
  /** Resources every object of the chart waits for: the releases of the charts it depends on. @default [] */
  readonly dependsOn?: readonly pulumi.Resource[];
  /** Resources the chart's non-foundation objects wait for (the Secrets they reference). @default [] */
  readonly workloadDependsOn?: readonly pulumi.Resource[];
  /** Annotate objects with `pulumi.com/skipAwait` (do not wait for readiness). @default false */
  readonly skipAwait?: boolean;
}

const PHASES: readonly ReleasePhase[] = ["foundation", "workload", "registration"];

/**
 * Deploys one synthesized chart: one @pulumi/kubernetes resource per object (so previews, diffs and
 * test mocks see every object), applied in phases (Namespaces and CRDs, then the rest, then API
 * registrations). A chart waits for the charts it depends on through `dependsOn`.
 */
export class KeelsonRelease extends pulumi.ComponentResource {
  /** The deployed resources, by objectKey(). */
  readonly resources: ReadonlyMap<string, pulumi.CustomResource>;
  /** Number of objects deployed, once the synthesis with built images has been checked against the chart. */
  readonly objectCount: pulumi.Output<number>;

  constructor(name: string, args: KeelsonReleaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("keelson:deploy:KeelsonRelease", name, {}, opts);
    const { chart } = args;
    const refs = args.replacedImageRefs ?? [];
    const isLazy = (o: KubeObject): boolean =>
      args.builtObjects !== undefined && refs.some((ref) => JSON.stringify(o).includes(ref));
    const built = args.builtObjects ?? pulumi.output(chart.objects);
    const resources = new Map<string, pulumi.CustomResource>();
    let previous: pulumi.Resource[] = [...(args.dependsOn ?? [])];
    for (const phase of PHASES) {
      const inPhase = chart.objects.filter((o) => phaseOf(o.kind) === phase);
      if (inPhase.length === 0) continue;
      const dependsOn = phase === "foundation" ? previous : [...previous, ...(args.workloadDependsOn ?? [])];
      const created = inPhase.map((template) => {
        const key = objectKey(template);
        const skipAwait = args.skipAwait ?? false;
        const objectArgs = isLazy(template)
          ? lazyObjectArgs(
              withSkipAwait(template, skipAwait),
              built.apply((objects) => withSkipAwait(findObject(objects, key, chart.name), skipAwait)),
            )
          : withSkipAwait(template, skipAwait);
        const Resource = kubeResourceClass(template.apiVersion, template.kind);
        const resource = new Resource(objectResourceName(name, template), objectArgs, { parent: this, dependsOn });
        resources.set(key, resource);
        return resource;
      });
      previous = [...(args.dependsOn ?? []), ...created];
    }
    this.resources = resources;
    this.objectCount = built.apply((objects) => verifyDeployedObjects(chart.name, chart.objects, objects, isLazy));
    this.registerOutputs({ objectCount: this.objectCount });
  }

  /** The deployed resource of an object of this chart, if the chart has it. */
  resourceOf(object: Pick<KubeObject, "apiVersion" | "kind" | "metadata">): pulumi.CustomResource | undefined {
    return this.resources.get(objectKey(object));
  }
}
