import * as fs from "fs";
import { DockerfileParser } from "dockerfile-ast";
import * as path from "path";
import { Image as ImageResource } from "@cdktf/provider-docker/lib/image";
import { Construct } from "constructs";
import { BuildContextProblem, type ContextFingerprint, fingerprintContext, stageContext } from "./build-context";
import { DockerStack } from "./docker-stack";
import { ErrorCode } from "./error-code";
import { invalid, isUnresolved } from "./errors";
import type { IImage } from "./image";
import { ContextCopy } from "./private/context-copy";
import { kebab } from "./private/names";
import { literal, literalMap } from "./private/terraform-literal";
import { requireObject } from "./private/validation/values";
import { checkKnownProps } from "./private/validation/known-props";
import { IMMUTABLE_IMAGE_SCHEMA } from "./private/validation/resource-schemas";
import { checkWithSchema, schemaKeys } from "./private/validation/schema";

import { CONTEXT_HASH_LABEL } from "./label-names";

// Docker's reference grammar (distribution/reference): an optional registry host with
// port (`registry.local:5000/`), then lowercase path components.
// A first component is a registry host only if it has a "." or a port, or is localhost.
const LABEL = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
const DOMAIN = `(?:localhost(?::[0-9]+)?|${LABEL}(?:\\.${LABEL})+(?::[0-9]+)?|${LABEL}:[0-9]+)`;
const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const REPOSITORY = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*$`);
/** Docker's limit on a repository name. */
const MAX_REPOSITORY_LENGTH = 255;

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
  /** The build context folder on the synthesizing machine, absolute (what `docker build` by hand takes). */
  public readonly contextDirectory: string;
  /** The underlying `docker_image` resource (escape hatch: `addOverride` what the props do not cover). */
  public readonly resource: ImageResource;

  constructor(scope: Construct, id: string, props: ImmutableImageProps) {
    super(scope, id);
    const stack = DockerStack.of(this);
    if (new.target === ImmutableImage)
      checkKnownProps(this, "ImmutableImageProps", props, schemaKeys(IMMUTABLE_IMAGE_SCHEMA));
    checkWithSchema(this, IMMUTABLE_IMAGE_SCHEMA, requireObject(this, "props", props, '{ context: "path/to/folder" }'));
    const contextDir = path.resolve(props.context);
    const contextStat = statOrUndefined(contextDir);
    if (!contextStat && statOrUndefined(contextDir, { followLinks: false })) {
      throw invalid(
        this,
        ErrorCode.BUILD_CONTEXT_NOT_FOUND,
        `build context '${props.context}' is a symbolic link that leads nowhere (dangling or a loop)`,
        "point context at a real folder",
      );
    }
    if (!contextStat) {
      throw invalid(
        this,
        ErrorCode.BUILD_CONTEXT_NOT_FOUND,
        `build context folder '${props.context}' does not exist (resolved to ${contextDir})`,
        "point context at a folder that holds a Dockerfile",
      );
    }
    if (!contextStat.isDirectory()) {
      throw invalid(
        this,
        ErrorCode.BUILD_CONTEXT_NOT_FOUND,
        `build context '${props.context}' is a file, not a folder (resolved to ${contextDir})`,
        "point context at the folder that holds the Dockerfile, and name the file in dockerfile",
      );
    }
    const dockerfileRel = path.relative(contextDir, path.resolve(contextDir, props.dockerfile ?? "Dockerfile"));
    if (dockerfileRel.startsWith("..") || path.isAbsolute(dockerfileRel)) {
      throw invalid(
        this,
        ErrorCode.INVALID_DOCKERFILE,
        `dockerfile '${props.dockerfile}' is outside the build context '${props.context}'`,
        "keep the Dockerfile inside the context folder: its content is part of the image's tag",
      );
    }
    // `./Dockerfile`, `sub/../Dockerfile` or an absolute path inside the context: the file as the
    // context names it, so .dockerignore and the staged copy find it (Docker always sends it).
    const dockerfile = dockerfileRel.split(path.sep).join("/");
    const dockerfileStat = statOrUndefined(path.join(contextDir, dockerfile));
    if (!dockerfileStat && statOrUndefined(path.join(contextDir, dockerfile), { followLinks: false })) {
      throw invalid(
        this,
        ErrorCode.INVALID_DOCKERFILE,
        `dockerfile '${dockerfile}' in build context '${props.context}' is a symbolic link that leads nowhere (dangling or a loop)`,
        "point the link at the Dockerfile, or replace it with the file",
      );
    }
    if (!dockerfileStat) {
      throw invalid(
        this,
        ErrorCode.INVALID_DOCKERFILE,
        `no ${dockerfile} in build context '${props.context}'`,
        `add ${path.join(props.context, dockerfile)} or set dockerfile`,
      );
    }
    if (!dockerfileStat.isFile()) {
      throw invalid(
        this,
        ErrorCode.INVALID_DOCKERFILE,
        `dockerfile '${dockerfile}' in build context '${props.context}' is ${dockerfileStat.isDirectory() ? "a folder" : "not a regular file"}`,
        "point dockerfile at the Dockerfile itself",
      );
    }
    let dockerfileText: string;
    try {
      dockerfileText = fs.readFileSync(path.join(contextDir, dockerfile), "utf8");
    } catch (err) {
      throw invalid(
        this,
        ErrorCode.INVALID_DOCKERFILE,
        `cannot read dockerfile '${dockerfile}' in build context '${props.context}' (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
        "make it readable by the user who synthesizes",
      );
    }
    if (dockerfileText.trim() === "") {
      throw invalid(
        this,
        ErrorCode.INVALID_DOCKERFILE,
        `dockerfile '${dockerfile}' in build context '${props.context}' is empty`,
        "write at least a FROM instruction (docker build refuses an empty Dockerfile)",
      );
    }
    const instructionProblem = dockerfileProblem(dockerfileText);
    if (instructionProblem)
      throw invalid(
        this,
        ErrorCode.INVALID_DOCKERFILE,
        `dockerfile '${dockerfile}' in build context '${props.context}' ${instructionProblem.problem}`,
        instructionProblem.fix,
      );
    const repository = props.repository ?? `docker-iac/${stack.namePrefix}-${kebab(id)}`;
    if (!REPOSITORY.test(repository) || repository.length > MAX_REPOSITORY_LENGTH) {
      throw invalid(
        this,
        ErrorCode.INVALID_IMAGE_REFERENCE,
        `invalid image repository '${repository}'`,
        "use lowercase letters, digits and . _ - / as Docker allows (a registry host[:port]/ in front is fine), at most 255 characters",
      );
    }
    const buildArgs = props.buildArgs ?? {};
    for (const [name, value] of Object.entries(buildArgs)) {
      if (isUnresolved(value)) {
        throw invalid(
          this,
          ErrorCode.TOKEN_IN_CONTENT_HASH,
          `build arg ${name} is a token`,
          "pass plain strings: build args are part of the content hash",
        );
      }
    }
    // No default labels: the tag depends on content and build inputs only, so the same code
    // built for two stacks (dev and staging), or from a renamed folder, is the same image.
    const labels = { ...props.labels };

    if (props.target !== undefined) checkTarget(this, path.join(contextDir, dockerfile), props.target);
    // The target joins the hash only when set, so images without one keep their tags.
    const inputs =
      props.target === undefined
        ? { dockerfile, buildArgs, labels }
        : { dockerfile, buildArgs, labels, target: props.target };
    let fingerprint: ContextFingerprint;
    let staged: string;
    try {
      fingerprint = fingerprintContext(contextDir, dockerfile, inputs);
      staged = stageContext(contextDir, fingerprint);
    } catch (err) {
      if (err instanceof BuildContextProblem)
        throw invalid(this, ErrorCode.UNREADABLE_BUILD_CONTEXT, err.problem, err.fix);
      throw err;
    }
    this.contextHash = fingerprint.sha256;
    this.contextDirectory = contextDir;
    this.tag = fingerprint.sha256.slice(0, 12);
    this.imageName = `${repository}:${this.tag}`;

    // The stack folder gets its own copy of exactly these files: it deploys without the repo.
    const asset = new ContextCopy(this, "Context", staged, fingerprint.sha256);

    const resource = (this.resource = new ImageResource(this, "Resource", {
      name: literal(this.imageName),
      keepLocally: props.keepLocally ?? false,
      buildAttribute: {
        context: asset.path,
        dockerfile: literal(dockerfile),
        target: props.target === undefined ? undefined : literal(props.target),
        buildArgs: literalMap(buildArgs),
        label: literalMap({ ...labels, [CONTEXT_HASH_LABEL]: fingerprint.sha256 }),
      },
      triggers: { context_sha256: fingerprint.sha256 },
    }));
    this.imageId = resource.imageId;
  }
}

function statOrUndefined(
  file: string,
  options: { followLinks: boolean } = { followLinks: true },
): fs.Stats | undefined {
  try {
    return options.followLinks ? fs.statSync(file) : fs.lstatSync(file);
  } catch {
    return undefined;
  }
}

const INSTRUCTIONS = new Set([
  "ADD",
  "ARG",
  "CMD",
  "COPY",
  "ENTRYPOINT",
  "ENV",
  "EXPOSE",
  "FROM",
  "HEALTHCHECK",
  "LABEL",
  "MAINTAINER",
  "ONBUILD",
  "RUN",
  "SHELL",
  "STOPSIGNAL",
  "USER",
  "VOLUME",
  "WORKDIR",
]);

/**
 * The instructions of a Dockerfile, read by dockerfile-ast (the parser of the Dockerfile
 * language server): parser directives (`# escape=`), comments, continued lines and heredoc
 * bodies as BuildKit reads them. Keywords upper-cased, lines counted from 1.
 */
export function dockerfileInstructions(text: string): { keyword: string; line: number; args: string }[] {
  return DockerfileParser.parse(text)
    .getInstructions()
    .map((inst) => ({
      keyword: inst.getKeyword(),
      line: inst.getRange().start.line + 1,
      args: inst.getArgumentsContent() ?? "",
    }));
}

/** What `docker build` refuses about a Dockerfile's instructions, before it sends anything. */
function dockerfileProblem(text: string): { problem: string; fix: string } | undefined {
  const instructions = dockerfileInstructions(text);
  if (instructions.length === 0) {
    return {
      problem: "has no instructions, only comments or parser directives",
      fix: "write at least a FROM instruction (docker build refuses a file with no instructions)",
    };
  }
  const unknown = instructions.find((inst) => !INSTRUCTIONS.has(inst.keyword));
  if (unknown) {
    return {
      problem: `has an unknown instruction '${unknown.keyword}' on line ${unknown.line}`,
      fix: `use one of ${[...INSTRUCTIONS].join(", ")}`,
    };
  }
  const bareFrom = instructions.find(
    (inst) =>
      inst.keyword === "FROM" &&
      inst.args
        .split(/\s+/)
        .filter((a) => !a.startsWith("--"))
        .join("") === "",
  );
  if (bareFrom)
    return {
      problem: `has FROM without an image on line ${bareFrom.line}`,
      fix: "name the base image, e.g. FROM busybox:1.37.0",
    };
  const first = instructions.find((inst) => inst.keyword !== "ARG");
  if (!first || first.keyword !== "FROM") {
    return {
      problem: first
        ? `starts with ${first.keyword} on line ${first.line}, not FROM`
        : "has only ARG instructions and no FROM",
      fix: "begin with FROM <image> (only ARG may come before it)",
    };
  }
  return undefined;
}

/** The stage names a Dockerfile declares (`FROM <image> AS <name>`), lower-cased: Docker compares them so. */
export function dockerfileStages(dockerfileText: string): string[] {
  return DockerfileParser.parse(dockerfileText)
    .getFROMs()
    .map((from) => from.getBuildStage()?.toLowerCase())
    .filter((stage): stage is string => !!stage);
}

/** Docker's rule: the target must be a stage the Dockerfile names (stage names are case-insensitive). */
function checkTarget(scope: Construct, dockerfilePath: string, target: string): void {
  if (!/^[a-zA-Z][a-zA-Z0-9_.-]*$/.test(target)) {
    throw invalid(
      scope,
      ErrorCode.INVALID_BUILD_TARGET,
      `invalid build target '${target}'`,
      "give a stage name as written after AS in the Dockerfile: a letter, then letters, digits, '_', '.', '-'",
    );
  }
  const stages = dockerfileStages(fs.readFileSync(dockerfilePath, "utf8"));
  if (!stages.includes(target.toLowerCase())) {
    throw invalid(
      scope,
      ErrorCode.INVALID_BUILD_TARGET,
      `build target '${target}' is not a stage of ${path.basename(dockerfilePath)}`,
      stages.length ? `use one of ${stages.join(", ")}` : "name a stage with FROM <image> AS <name>, or drop target",
    );
  }
}
