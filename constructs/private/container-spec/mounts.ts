import * as path from "path";
import type { IConstruct } from "constructs";
import { ErrorCode } from "../../error-code";
import { invalid, isUnresolved } from "../../errors";
import { checkContainerPath } from "../validation/mounts";
import { checkWithSchema, type Schema } from "../validation/schema";
import { checkObject, fail, show } from "../validation/values";

/**
 * The mount destinations of one container or one service's tasks (tmpfs, volumes, binds,
 * secrets, configs): Docker allows one mount per destination and refuses a second one when
 * it creates the container, so a clash is reported at synth instead.
 */
export class MountPaths {
  private readonly taken = new Map<string, string>();

  constructor(private readonly scope: IConstruct) {}

  /** Takes `containerPath` for `what` ("a tmpfs", "volume data", ...), or throws naming the holder. */
  public claim(containerPath: string, what: string): void {
    if (isUnresolved(containerPath)) return;
    const normalized = path.posix.normalize(containerPath);
    const holder = this.taken.get(normalized);
    if (holder !== undefined) {
      throw invalid(
        this.scope,
        ErrorCode.DUPLICATE_MOUNT_PATH,
        `two mounts at ${containerPath}: ${holder} and ${what}`,
        "give each mount its own container path (the default tmpfs is at /tmp; set tmpfs to move it)",
      );
    }
    this.taken.set(normalized, what);
  }
}

/** A destination of a mount (volume, bind, tmpfs, secret or config file): Docker's rules for it. */
export function checkMountPath(scope: IConstruct, what: string, containerPath: unknown): string {
  return checkContainerPath(scope, what, containerPath, { mount: true });
}

/** The arguments of a mount call that are not paths: the volume (when there is one) and the options. */
export function checkMountArguments<T>(scope: IConstruct, volume: unknown, options: unknown, schema: Schema<T>): void {
  if (
    volume !== undefined &&
    (volume === null ||
      typeof volume !== "object" ||
      typeof (volume as { volumeName?: unknown }).volumeName !== "string")
  ) {
    throw fail(
      scope,
      ErrorCode.WRONG_TYPE,
      `volume ${show(volume)} is not a volume`,
      'give a Volume or Volume.fromVolumeName(...) after the container path: mountVolume("/data", volume)',
    );
  }
  checkWithSchema(scope, schema, checkObject(scope, "mount options", options ?? null) ?? {});
}

/** How a named volume is named in a clash message: by its Docker name when that is known at synth. */
export function volumeMountName(volumeName: string): string {
  return `volume ${isUnresolved(volumeName) ? "" : volumeName}`.trim();
}

/** The tmpfs paths of a container or a service: each a mount destination, claimed in order. */
export function claimTmpfs(mounts: MountPaths, scope: IConstruct, paths: readonly string[]): void {
  for (const target of paths) {
    checkMountPath(scope, "tmpfs path", target);
    mounts.claim(target, "a tmpfs");
  }
}
