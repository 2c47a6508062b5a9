import type { formatAudit } from "../../audit";
import type { InterpolationOptions } from "../../compose-interpolation";
import type { ContainerDependency } from "../../container-dependency";
import type { HostPathMountOptions, NetworkAttachmentOptions, VolumeMountOptions } from "../../container";
import type { DeviceMapping } from "../../device";
import type { EnvFileOptions } from "../../env-file";
import type { HealthcheckOptions } from "../../healthcheck";
import type { LoggingOptions } from "../../logging";
import type { PortForwardOptions, PortForwardSelector } from "../../port-forward";
import type { UpdatePolicy } from "../../swarm-policies";
import type { PublishedPortOptions, SwarmFileOptions, SwarmService } from "../../swarm-service";
import type { Ulimit } from "../../ulimit";
import { propKeys } from "../prop-keys";
import { CONTAINER_SCHEMA } from "./container-props";
import { SWARM_SERVICE_SCHEMA } from "./swarm-props";
import { schemaKeys } from "./schema";

// The keys of every props and options object the library takes, checked against the
// interfaces at compile time (see propKeys): a prop added to an interface and not here
// fails `npm run typecheck`. checkKnownProps refuses any other key.

// ContainerProps and SwarmServiceProps: from their schemas (one rule per prop, checked by the compiler).
export const CONTAINER_PROPS: readonly string[] = schemaKeys(CONTAINER_SCHEMA);
export const PORT_FORWARD_OPTIONS = propKeys<PortForwardOptions>()("hostPort", "protocol", "hostIp");
export const PORT_FORWARD_ENTRY: readonly string[] = ["containerPort", ...PORT_FORWARD_OPTIONS];
export const PORT_FORWARD_SELECTOR = propKeys<PortForwardSelector>()("protocol", "hostIp");
export const NETWORK_ATTACHMENT_OPTIONS = propKeys<NetworkAttachmentOptions>()("aliases", "ipv4Address");
export const VOLUME_MOUNT_OPTIONS = propKeys<VolumeMountOptions>()("readOnly");
export const HOST_PATH_MOUNT_OPTIONS = propKeys<HostPathMountOptions>()("readOnly", "allowSensitive");
export const CONTAINER_DEPENDENCY = propKeys<ContainerDependency>()("container", "condition");
export const ULIMIT = propKeys<Ulimit>()("name", "soft", "hard");
export const DEVICE_MAPPING = propKeys<DeviceMapping>()("hostPath", "containerPath", "permissions");
export const LOGGING_OPTIONS = propKeys<LoggingOptions>()("driver", "options");
export const HEALTHCHECK_OPTIONS = propKeys<HealthcheckOptions>()("intervalSeconds", "timeoutSeconds", "retries", "startPeriodSeconds");
export const INTERPOLATION_OPTIONS = propKeys<InterpolationOptions>()("lookup", "onUnset");
export const ENV_FILE_OPTIONS = propKeys<EnvFileOptions>()("lookup", "onUnset");

export const SWARM_SERVICE_PROPS: readonly string[] = schemaKeys(SWARM_SERVICE_SCHEMA);
export const PUBLISHED_PORT_OPTIONS = propKeys<PublishedPortOptions>()("publishedPort", "protocol", "mode");
export const PUBLISHED_PORT_ENTRY: readonly string[] = ["targetPort", ...PUBLISHED_PORT_OPTIONS];
export const SWARM_FILE_OPTIONS = propKeys<SwarmFileOptions>()("uid", "gid", "mode");
export const UPDATE_POLICY = propKeys<UpdatePolicy>()("parallelism", "delaySeconds", "monitorSeconds", "failureAction", "maxFailureRatio", "order");
// SwarmService.joinNetwork and mountVolume take inline option types.
export const SERVICE_NETWORK_OPTIONS = propKeys<NonNullable<Parameters<SwarmService["joinNetwork"]>[1]>>()("aliases");
export const SERVICE_VOLUME_OPTIONS = propKeys<NonNullable<Parameters<SwarmService["mountVolume"]>[2]>>()("readOnly");
export const FORMAT_AUDIT_OPTIONS = propKeys<NonNullable<Parameters<typeof formatAudit>[1]>>()("onlyFailures");
