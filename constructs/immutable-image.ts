import * as fs from "fs";
import * as path from "path";
import { Image as ImageResource } from "@cdktf/provider-docker/lib/image";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { fingerprintContext, stageContext } from "./build-context";
import { DockerStack } from "./docker-stack";
import { invalid, isUnresolved } from "./errors";
import { IImage } from "./image";
import { kebab } from "./names";
import { literal } from "./terraform-literal";

/** The label that records which build inputs an image came from. */
export const CONTEXT_HASH_LABEL = "io.docker-iac.context-sha256";

const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

export interface ImmutableImageProps {
  /** The build context folder; it must hold the Dockerfile. Absolute, or relative to the working directory. */
  readonly context: string;

  /**
   * Repository part of the image name; the tag is always the content hash.
   * @default - `docker-iac/<stack namePrefix>-<id>`
   */
  readonly repository?: string;

  /**
   * Dockerfile path inside the context.
   * @default "Dockerfile"
   */
  readonly dockerfile?: string;

  /**
   * `--build-arg` values, e.g. `{ BASE_IMAGE: "busybox:1.37.0" }`. Part of the hash.
   * @default - none
   */
  readonly buildArgs?: Record<string, string>;

  /**
   * Image labels, e.g. OCI annotations. Part of the hash.
   * @default - only the io.docker-iac.context-sha256 label (which is not part of the hash)
   */
  readonly labels?: Record<string, string>;

  /**
   * The stage of a multi-stage Dockerfile to build (`FROM ... AS <target>`). Part of the hash.
   * @default - the last stage
   */
  readonly target?: string;

  /**
   * Keep the image on the engine when the stack is destroyed or the image replaced.
   * @default false
   */
  readonly keepLocally?: boolean;
}

/**
 * An image built from a local folder and named by what is in it: the tag is a hash of
 * the files Docker would send and the build inputs. Same code, same tag, no rebuild; any
 * change, a new tag and a rebuild, and every container that runs it is replaced.
 */
export class ImmutableImage extends Construct implements IImage {
  public readonly imageId: string;
  public readonly imageName: string;
  /** The content tag (first 12 hex digits of the hash). */
  public readonly tag: string;
  /** The full sha256 of the build inputs. */
  public readonly contextHash: string;

  constructor(scope: Construct, id: string, props: ImmutableImageProps) {
    super(scope, id);
    const stack = DockerStack.of(this);
    const contextDir = path.resolve(props.context);
    const dockerfile = props.dockerfile ?? "Dockerfile";
    if (!fs.existsSync(contextDir) || !fs.statSync(contextDir).isDirectory()) {
      throw invalid(this, `build context folder '${props.context}' does not exist (resolved to ${contextDir})`, "point context at a folder that holds a Dockerfile");
    }
    const dockerfileRel = path.relative(contextDir, path.resolve(contextDir, dockerfile));
    if (dockerfileRel.startsWith("..") || path.isAbsolute(dockerfileRel)) {
      throw invalid(this, `dockerfile '${dockerfile}' is outside the build context '${props.context}'`, "keep the Dockerfile inside the context folder: its content is part of the image's tag");
    }
    if (!fs.existsSync(path.join(contextDir, dockerfile))) {
      throw invalid(this, `no ${dockerfile} in build context '${props.context}'`, `add ${path.join(props.context, dockerfile)} or set dockerfile`);
    }
    const repository = props.repository ?? `docker-iac/${stack.namePrefix}-${kebab(id)}`;
    if (!REPOSITORY.test(repository)) {
      throw invalid(this, `invalid image repository '${repository}'`, "use lowercase letters, digits and . _ - / as Docker allows");
    }
    const buildArgs = props.buildArgs ?? {};
    for (const [name, value] of Object.entries(buildArgs)) {
      if (isUnresolved(value)) {
        throw invalid(this, `build arg ${name} is a token`, "pass plain strings: build args are part of the content hash");
      }
    }
    // No default labels: the tag depends on content and build inputs only, so the same code
    // built for two stacks (dev and staging), or from a renamed folder, is the same image.
    const labels = { ...props.labels };

    if (props.target !== undefined) checkTarget(this, path.join(contextDir, dockerfile), props.target);
    // The target joins the hash only when set, so images without one keep their tags.
    const inputs = props.target === undefined ? { dockerfile, buildArgs, labels } : { dockerfile, buildArgs, labels, target: props.target };
    const fingerprint = fingerprintContext(contextDir, dockerfile, inputs);
    this.contextHash = fingerprint.sha256;
    this.tag = fingerprint.sha256.slice(0, 12);
    this.imageName = `${repository}:${this.tag}`;

    // The stack folder gets its own copy of exactly these files: it deploys without the repo.
    const asset = new TerraformAsset(this, "Context", {
      path: stageContext(contextDir, fingerprint),
      type: AssetType.DIRECTORY,
      assetHash: fingerprint.sha256,
    });

    const resource = new ImageResource(this, "Resource", {
      name: this.imageName,
      keepLocally: props.keepLocally ?? false,
      buildAttribute: {
        context: asset.path,
        dockerfile,
        target: props.target === undefined ? undefined : literal(props.target),
        buildArgs,
        label: { ...labels, [CONTEXT_HASH_LABEL]: fingerprint.sha256 },
      },
      triggers: { context_sha256: fingerprint.sha256 },
    });
    this.imageId = resource.imageId;
  }
}

/** The stage names a Dockerfile declares (`FROM <image> AS <name>`, any case, line continuations joined). */
export function dockerfileStages(dockerfileText: string): string[] {
  const joined = dockerfileText.replace(/\\\r?\n/g, " ");
  const stages: string[] = [];
  for (const line of joined.split(/\r?\n/)) {
    const m = /^\s*FROM\s+(?:--\S+\s+)*\S+\s+AS\s+(\S+)\s*$/i.exec(line);
    if (m) stages.push(m[1].toLowerCase());
  }
  return stages;
}

/** Docker's rule: the target must be a stage the Dockerfile names (stage names are case-insensitive). */
function checkTarget(scope: Construct, dockerfilePath: string, target: string): void {
  if (!/^[a-zA-Z][a-zA-Z0-9_.-]*$/.test(target)) {
    throw invalid(scope, `invalid build target '${target}'`, "give a stage name as written after AS in the Dockerfile: a letter, then letters, digits, '_', '.', '-'");
  }
  const stages = dockerfileStages(fs.readFileSync(dockerfilePath, "utf8"));
  if (!stages.includes(target.toLowerCase())) {
    throw invalid(scope, `build target '${target}' is not a stage of ${path.basename(dockerfilePath)}`, stages.length ? `use one of ${stages.join(", ")}` : "name a stage with FROM <image> AS <name>, or drop target");
  }
}
