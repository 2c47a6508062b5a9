import { Volume as VolumeResource } from "@cdktf/provider-docker/lib/volume";
import { Construct } from "constructs";
import { ErrorCode } from "./error-code";
import { invalidCall } from "./errors";
import { DockerStack } from "./docker-stack";
import { EngineClaims } from "./private/engine-claims";
import { labelBlocks } from "./private/labels";
import { invalid } from "./errors";
import { checkDockerObjectName } from "./private/validation/docker-names";
import { literal } from "./private/terraform-literal";
import { checkObject } from "./private/validation/values";
import { checkKnownProps, RENAMED } from "./private/validation/known-props";
import { VOLUME_SCHEMA } from "./private/validation/resource-schemas";
import { checkWithSchema, schemaKeys } from "./private/validation/schema";

/** A named volume a container can mount. */
export interface IVolume {
  /** The Docker volume name (a token for volumes this app creates). */
  readonly volumeName: string;
}

export interface VolumeProps {
  /**
   * The Docker name of the volume.
   * @default - `<stack namePrefix>-<id>`
   */
  readonly volumeName?: string;

  /**
   * Extra labels.
   * @default - the stack's labels only
   */
  readonly labels?: Record<string, string>;

  /**
   * Keep the volume and its data when the stack is destroyed. Terraform then does not own
   * the volume at all: the engine creates it the first time a container mounts it (as
   * `docker run -v name:/path` does), so `cdktf destroy` removes the containers and leaves
   * the volume. It carries no labels (the engine creates it) and is removed by hand:
   * `docker volume rm <name>`. Terraform's `prevent_destroy` is no alternative: it makes
   * `destroy` fail instead of skipping the volume.
   * @default false (destroy deletes the volume and its data)
   */
  readonly retainOnDestroy?: boolean;
}

/**
 * A named volume (`docker volume create`): data that outlives every container that
 * mounts it, which is what lets immutable containers be replaced without losing state.
 */
export class Volume extends Construct implements IVolume {
  /** A volume that already exists on the engine. */
  public static fromVolumeName(volumeName: string): IVolume {
    const where = "Volume.fromVolumeName";
    if (typeof volumeName === "string" && (volumeName.startsWith("/") || volumeName.startsWith("."))) {
      throw invalidCall(
        where,
        ErrorCode.VOLUME_NAME_IS_PATH,
        `'${volumeName}' is a path, not a volume name`,
        "use Container.mountHostPath for host paths (it checks sensitive ones), or give a volume name",
      );
    }
    checkDockerObjectName(where, "volume", volumeName);
    return { volumeName };
  }

  /**
   * The Docker name of the volume, as a token that orders creation and destruction (a plain
   * string with `retainOnDestroy`, where Terraform does not manage the volume).
   */
  public readonly volumeName: string;
  /** @internal The Docker name as a plain string: for clash checks, messages and drawings. */
  public readonly _plainName: string;
  /**
   * The underlying `docker_volume` resource (escape hatch: `addOverride` what the props do not
   * cover); undefined with `retainOnDestroy`, where Terraform does not manage the volume.
   */
  public readonly resource?: VolumeResource;
  /** Whether destroy leaves the volume (and its data) on the engine. */
  public readonly retainOnDestroy: boolean;

  constructor(scope: Construct, id: string, props: VolumeProps = {}) {
    super(scope, id);
    const stack = DockerStack.of(this);
    if (new.target === Volume) checkKnownProps(this, "VolumeProps", props, schemaKeys(VOLUME_SCHEMA), RENAMED.volume);
    checkWithSchema(this, VOLUME_SCHEMA, checkObject(this, "props", props) ?? {});
    this._plainName = EngineClaims.of(stack).claimDockerName(this, "volume", props.volumeName ?? stack.defaultName(id));
    this.retainOnDestroy = props.retainOnDestroy ?? false;
    if (this.retainOnDestroy) {
      if (props.labels) {
        throw invalid(
          this,
          ErrorCode.CONFLICTING_PROPS,
          "labels on a volume with retainOnDestroy",
          "drop labels: the engine creates a retained volume on first mount, without labels",
        );
      }
      this.volumeName = this._plainName;
      return;
    }
    const resource = (this.resource = new VolumeResource(this, "Resource", {
      name: literal(this._plainName),
      driver: "local",
      labels: labelBlocks({ ...stack.labels, ...props.labels }),
    }));
    this.volumeName = resource.name;
  }
}
