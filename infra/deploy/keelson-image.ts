import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";

/** Docker builder: BuildKit (Docker's default) or the classic builder (needed by podman's Docker API). */
export type BuilderVersion = "BuilderV1" | "BuilderBuildKit";

export interface KeelsonImageArgs {
  /** Build context: the image's folder, images/<name>, holding its Dockerfile. */
  readonly context: string;
  /** Repository and tag to build and push, e.g. registry.example.com/keelson/edge-nginx:0.1.0. */
  readonly imageName: string;
  /** Push to the registry and use the pushed digest; without a push the tag is used. @default true */
  readonly push?: boolean;
  /** @default "BuilderBuildKit" */
  readonly builderVersion?: BuilderVersion;
  /** Registry credentials, when the registry needs a login. @default none */
  readonly registryUsername?: pulumi.Input<string>;
  readonly registryPassword?: pulumi.Input<string>;
}

/** A repository digest reference, as Docker reports it after a push: <repository>@sha256:<64 hex>. */
const REPO_DIGEST = /^[a-z0-9][-a-z0-9._/:]*@sha256:[a-f0-9]{64}$/;

/** The registry host of an image name (the part before the first '/'), for the login. */
export function registryServerOf(imageName: string): string {
  return imageName.split("/")[0];
}

/** Validates the repoDigest Docker returned; a local image ID (no repository) is not a reference. */
export function checkRepoDigest(imageName: string, repoDigest: string): string {
  if (!REPO_DIGEST.test(repoDigest)) {
    throw new Error(
      `Image ${imageName}: 'repoDigest' must be <repository>@sha256:<digest> after a push, got ${JSON.stringify(repoDigest)}`,
    );
  }
  return repoDigest;
}

/**
 * Builds one Keelson image from images/<name>/Dockerfile with @pulumi/docker and (by default) pushes it.
 * `imageRef` is what the manifests must use: the pushed repository digest, so a pod runs exactly the
 * bytes that were built, whatever happens to the tag later.
 */
export class KeelsonImage extends pulumi.ComponentResource {
  /** The reference to put into pod specs: repository@sha256:… after a push, else the tag. */
  readonly imageRef: pulumi.Output<string>;

  constructor(name: string, args: KeelsonImageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("keelson:deploy:KeelsonImage", name, {}, opts);
    const push = args.push ?? true;
    const image = new docker.Image(
      `${name}-image`,
      {
        imageName: args.imageName,
        // No `dockerfile`: the provider's default is the context's own Dockerfile.
        build: { context: args.context, builderVersion: args.builderVersion ?? "BuilderBuildKit" },
        skipPush: !push,
        ...(args.registryUsername === undefined
          ? {}
          : {
              registry: {
                server: registryServerOf(args.imageName),
                username: args.registryUsername,
                password: args.registryPassword,
              },
            }),
      },
      { parent: this },
    );
    this.imageRef = push ? image.repoDigest.apply((digest) => checkRepoDigest(args.imageName, digest)) : image.imageName;
    this.registerOutputs({ imageRef: this.imageRef });
  }
}
