import * as path from "path";
import type { IConstruct } from "constructs";
import { ErrorCode } from "./error-code";
import { invalid } from "./errors";

/** A host device made available in the container (`--device`). */
export interface DeviceMapping {
  /** The device on the host, e.g. "/dev/fuse". */
  readonly hostPath: string;
  /**
   * @default - the same path as on the host
   */
  readonly containerPath?: string;
  /**
   * cgroup permissions: any of r (read), w (write), m (mknod), each once.
   * @default "rwm"
   */
  readonly permissions?: string;
}

/** A device with every field filled in, as Docker reports it back (so the plan stays empty). */
export interface ResolvedDeviceMapping {
  readonly hostPath: string;
  readonly containerPath: string;
  readonly permissions: string;
}

/** Docker's device rules (moby opts.ValidateDevice): absolute paths, permissions from "rwm". */
export function resolveDevice(scope: IConstruct, device: DeviceMapping): ResolvedDeviceMapping {
  const containerPath = device.containerPath ?? device.hostPath;
  const permissions = device.permissions ?? "rwm";
  for (const p of [device.hostPath, containerPath]) {
    if (!path.posix.isAbsolute(p)) {
      throw invalid(
        scope,
        ErrorCode.INVALID_DEVICE,
        `device path '${p}' is not absolute`,
        "give device paths such as /dev/fuse (CDI device names are not supported by the provider)",
      );
    }
  }
  if (!/^[rwm]{1,3}$/.test(permissions) || new Set(permissions).size !== permissions.length) {
    throw invalid(
      scope,
      ErrorCode.INVALID_DEVICE,
      `device ${device.hostPath} has invalid permissions '${permissions}'`,
      'use a combination of r, w and m, each once, e.g. "rw"',
    );
  }
  return { hostPath: device.hostPath, containerPath, permissions };
}
