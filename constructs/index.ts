// The public API, name by name: what a user of the package can import. Helpers used
// between constructs (validation, name rules, label blocks, IPv4 maths, engine checks,
// Terraform literals) are not listed and stay internal.
export {
  type AuditFinding,
  type AuditReport,
  type AuditStatus,
  type ContainerAudit,
  auditStack,
  formatAudit,
} from "./audit";
export { BridgeNetwork, type BridgeNetworkProps } from "./bridge-network";
export {
  Container,
  type ContainerProps,
  type HostPathMount,
  type HostPathMountOptions,
  type NetworkAttachment,
  type NetworkAttachmentOptions,
  type VolumeMount,
  type VolumeMountOptions,
} from "./container";
export { type ContainerDependency, DependencyCondition } from "./container-dependency";
export { DockerApp, type DockerAppProps, SynthProblemsError } from "./docker-app";
export { type AfterSynthListener, onAfterSynth } from "./after-synth";
export { DefinitionError } from "./errors";
export { ErrorCode } from "./error-code";
export { DOCKER_PROVIDER_VERSION, DockerHost, type DockerHostProps } from "./docker-host";
export { DockerStack, type DockerStackProps } from "./docker-stack";
export { GeneratedSecret, type GeneratedSecretProps } from "./generated-secret";
export { Healthcheck, type HealthcheckOptions } from "./healthcheck";
export { type IImage } from "./image";
export { ImmutableImage, type ImmutableImageProps } from "./immutable-image";
export { CONTEXT_HASH_LABEL, STACK_LABEL, WAIVER_LABEL_PREFIX } from "./label-names";
export { type INetwork, Network, NetworkMode } from "./network";
export { type PortForward, type PortForwardOptions, type PortForwardSelector, Protocol } from "./port-forward";
export { RegistryImage, type RegistryImageProps } from "./registry-image";
export { RestartPolicy } from "./restart-policy";
export { type IVolume, Volume, type VolumeProps } from "./volume";
export { type ContextFingerprint, fingerprintContext } from "./build-context";
export { ComposeEnvironment, type ComposeEnvironmentOptions } from "./compose-environment";
export { type InterpolationOptions, InterpolationError, interpolate } from "./compose-interpolation";
export { DEFAULTS_PROFILE_CONTEXT, DefaultsProfile } from "./defaults-profile";
export { type DeviceMapping } from "./device";
export { type EnvFileOptions, parseEnvFile, readEnvFile } from "./env-file";
export { type LoggingOptions } from "./logging";
export { type RuntimeOptions } from "./runtime-options";
export { type Ulimit } from "./ulimit";
export { OverlayNetwork, type OverlayNetworkProps } from "./overlay-network";
export { SwarmConfig, type SwarmConfigProps } from "./swarm-config";
export {
  EndpointMode,
  PublishMode,
  ServiceMode,
  TaskRestartCondition,
  UpdateFailureAction,
  UpdateOrder,
  type UpdatePolicy,
} from "./swarm-policies";
export { SwarmSecret, type SwarmSecretProps } from "./swarm-secret";
export {
  type PublishedPort,
  type PublishedPortOptions,
  type ServiceNetworkAttachment,
  SWARM_NODES_CONTEXT,
  type SwarmFileOptions,
  SwarmService,
  type SwarmServiceProps,
} from "./swarm-service";
// The modules `npm run import` generates take their scope type from here, so they import nothing else.
export { Construct } from "constructs";
