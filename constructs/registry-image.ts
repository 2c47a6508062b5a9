import { Image as ImageResource } from "@cdktf/provider-docker/lib/image";
import { Construct } from "constructs";
import { ErrorCode } from "./error-code";
import { invalid, isUnresolved } from "./errors";
import type { IImage } from "./image";
import { DockerStack } from "./docker-stack";
import { literal } from "./private/terraform-literal";
import { requireObject } from "./private/validation/values";
import { checkKnownProps } from "./private/validation/known-props";
import { REGISTRY_IMAGE_SCHEMA } from "./private/validation/resource-schemas";
import { checkWithSchema, schemaKeys } from "./private/validation/schema";

// The digests the engine verifies (go-digest's registered algorithms), lowercase hex of their length.
const DIGEST_BODY = "(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})";
const DIGEST = new RegExp(`@${DIGEST_BODY}$`);
// [registry[:port]/]path[:tag][@digest], as Docker's reference grammar (distribution/reference) allows:
// domain labels start and end with a letter or digit; path components are lowercase.
const DOMAIN_LABEL = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const NAME = new RegExp(
  `^(?:${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})*(?::[0-9]+)?/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`,
);
const TAG = /^[\w][\w.-]{0,127}$/;
/** Docker's limit on the name part of a reference (NameTotalLengthMax). */
const MAX_NAME_LENGTH = 255;

export interface RegistryImageProps {
  /** `repository@sha256:<digest>` (immutable), or `repository:tag` with allowMutableReference. */
  readonly reference: string;

  /**
   * Accept a reference that can point at different images over time (`:latest`, or no
   * tag and no digest). Deploys then stop being repeatable.
   * @default false
   */
  readonly allowMutableReference?: boolean;

  /**
   * Keep the image on the engine when the stack is destroyed.
   * @default true (pulled images are often shared with other stacks)
   */
  readonly keepLocally?: boolean;
}

/** An image pulled from a registry, pinned by digest so every deploy runs the same bits. */
export class RegistryImage extends Construct implements IImage {
  public readonly imageId: string;
  public readonly imageName: string;
  /** The underlying `docker_image` resource (escape hatch: `addOverride` what the props do not cover). */
  public readonly resource: ImageResource;

  constructor(scope: Construct, id: string, props: RegistryImageProps) {
    super(scope, id);
    // Before any resource is made below it, so an image outside a stack gets docker-iac's message.
    DockerStack.of(this);
    if (new.target === RegistryImage)
      checkKnownProps(this, "RegistryImageProps", props, schemaKeys(REGISTRY_IMAGE_SCHEMA));
    checkWithSchema(
      this,
      REGISTRY_IMAGE_SCHEMA,
      requireObject(this, "props", props, '{ reference: "busybox:1.37.0" }'),
    );
    const ref = props.reference;
    if (!isUnresolved(ref)) {
      const problem = referenceProblem(ref);
      if (problem)
        throw invalid(
          this,
          ErrorCode.INVALID_IMAGE_REFERENCE,
          `invalid image reference '${ref}'`,
          `use repository[:tag] or repository@sha256:<64 hex digits>, e.g. busybox:1.37.0; here ${problem}`,
        );
    }
    if (!isUnresolved(ref) && !DIGEST.test(ref) && !props.allowMutableReference && isMutable(ref)) {
      throw invalid(
        this,
        ErrorCode.MUTABLE_IMAGE_REFERENCE,
        `mutable image reference '${ref}'`,
        "pin it by digest (name@sha256:...) or a version tag, or set allowMutableReference: true",
      );
    }
    this.imageName = ref;
    this.resource = new ImageResource(this, "Resource", { name: literal(ref), keepLocally: props.keepLocally ?? true });
    this.imageId = this.resource.imageId;
  }
}

/** Why Docker's reference grammar refuses `ref`, or undefined when it parses. */
export function referenceProblem(ref: string): string | undefined {
  const at = ref.indexOf("@");
  const beforeDigest = at < 0 ? ref : ref.slice(0, at);
  if (at >= 0 && !new RegExp(`^${DIGEST_BODY}$`).test(ref.slice(at + 1))) {
    return `the digest '${ref.slice(at + 1)}' is not sha256:<64>, sha384:<96> or sha512:<128> lowercase hex digits`;
  }
  const slash = beforeDigest.lastIndexOf("/");
  const colon = beforeDigest.lastIndexOf(":");
  const hasTag = colon > slash;
  const name = hasTag ? beforeDigest.slice(0, colon) : beforeDigest;
  const tag = hasTag ? beforeDigest.slice(colon + 1) : undefined;
  if (tag !== undefined && !TAG.test(tag)) {
    return tag.length > 128
      ? `the tag is ${tag.length} characters, above Docker's limit of 128`
      : `the tag '${tag}' is not letters, digits, '_', '.' and '-' starting with a letter, digit or '_'`;
  }
  if (!NAME.test(name)) {
    return /[A-Z]/.test(name.slice(name.indexOf("/") + 1)) || (!name.includes("/") && /[A-Z]/.test(name))
      ? "the repository must be lowercase"
      : "the repository is not [registry[:port]/]lowercase/path";
  }
  if (name.length > MAX_NAME_LENGTH)
    return `the repository is ${name.length} characters, above Docker's limit of ${MAX_NAME_LENGTH}`;
  return undefined;
}

/** `:latest` or no tag at all (and no digest). */
export function isMutable(ref: string): boolean {
  if (DIGEST.test(ref)) return false;
  const lastSegment = ref.slice(ref.lastIndexOf("/") + 1);
  const tag = lastSegment.includes(":") ? lastSegment.slice(lastSegment.indexOf(":") + 1) : undefined;
  return tag === undefined || tag === "latest";
}
