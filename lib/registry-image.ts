import { Image as ImageResource } from "@cdktf/provider-docker/lib/image";
import { Construct } from "constructs";
import { ErrorCode } from "./error-code";
import { invalid, isUnresolved } from "./errors";
import { IImage } from "./image";
import { literal } from "./private/terraform-literal";
import { checkBoolean, checkString, requireObject } from "./private/validation/values";
import { checkKnownProps } from "./private/validation/known-props";
import { REGISTRY_IMAGE_PROPS } from "./private/validation/prop-lists";

const DIGEST = /@sha256:[a-f0-9]{64}$/;
// [registry[:port]/]path[:tag][@sha256:digest], as Docker's reference grammar allows.
const REFERENCE = /^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

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
    if (new.target === RegistryImage) checkKnownProps(this, "RegistryImageProps", props, REGISTRY_IMAGE_PROPS);
    requireObject(this, "props", props, '{ reference: "busybox:1.37.0" }');
    const ref = checkString(this, "reference", props.reference, { nonBlank: true });
    if (ref === undefined) throw invalid(this, ErrorCode.MISSING_VALUE, "no image reference given", "set reference, e.g. busybox:1.37.0");
    checkBoolean(this, "allowMutableReference", props.allowMutableReference);
    checkBoolean(this, "keepLocally", props.keepLocally);
    if (!isUnresolved(ref) && !REFERENCE.test(ref)) {
      throw invalid(this, ErrorCode.INVALID_IMAGE_REFERENCE, `invalid image reference '${ref}'`, "use repository[:tag] or repository@sha256:<64 hex digits>, e.g. busybox:1.37.0");
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

/** `:latest` or no tag at all (and no digest). */
export function isMutable(ref: string): boolean {
  if (DIGEST.test(ref)) return false;
  const lastSegment = ref.slice(ref.lastIndexOf("/") + 1);
  const tag = lastSegment.includes(":") ? lastSegment.slice(lastSegment.indexOf(":") + 1) : undefined;
  return tag === undefined || tag === "latest";
}
