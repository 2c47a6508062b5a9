import type { DockerAppProps } from "../../docker-app";
import type { BridgeNetworkProps } from "../../bridge-network";
import type { DockerHostProps } from "../../docker-host";
import type { DockerStackProps } from "../../docker-stack";
import { ErrorCode } from "../../error-code";
import type { GeneratedSecretProps } from "../../generated-secret";
import type { ImmutableImageProps } from "../../immutable-image";
import type { OverlayNetworkProps } from "../../overlay-network";
import type { RegistryImageProps } from "../../registry-image";
import type { SwarmConfigProps } from "../../swarm-config";
import type { SwarmSecretProps } from "../../swarm-secret";
import type { VolumeProps } from "../../volume";
import { checkDefaultsProfile } from "../container-spec/defaults";
import { checkProviderVersion } from "./provider-version";
import { type PlainSchema, type Rule, rules, type Schema } from "./schema";
import { checkString, fail, type Where } from "./values";

// One schema per props interface of the constructs other than Container and SwarmService
// (container-props.ts, swarm-props.ts): the unknown-prop check takes its keys from here and the
// constructor runs the rules, in this order, before its own rules between props. A key's place
// in the schema is its place in the "did you mean" search.

/** A string that must be given and not blank: missing is `no <what> given`. */
const required =
  (what: string, fix: string): Rule<Where> =>
  (where, name, value) => {
    if (value === undefined) throw fail(where, ErrorCode.MISSING_VALUE, `no ${what} given`, fix);
    checkString(where, name, value, { nonBlank: true });
  };

const providerVersion: Rule<Where> = (where, name, value) => void checkProviderVersion(where, name, value);

export const VOLUME_SCHEMA = {
  /** The Docker name rule, when the engine-wide claim takes the name. */
  volumeName: rules.elsewhere,
  labels: rules.labels(),
  retainOnDestroy: rules.boolean(),
} satisfies Schema<VolumeProps>;

export const BRIDGE_NETWORK_SCHEMA = {
  networkName: rules.string(),
  subnet: rules.string(),
  gateway: rules.string(),
  internal: rules.boolean(),
  labels: rules.labels(),
} satisfies Schema<BridgeNetworkProps>;

export const OVERLAY_NETWORK_SCHEMA = {
  networkName: rules.string(),
  subnet: rules.string(),
  gateway: rules.string(),
  attachable: rules.boolean(),
  internal: rules.boolean(),
  encrypted: rules.boolean(),
  labels: rules.labels(),
} satisfies Schema<OverlayNetworkProps>;

export const REGISTRY_IMAGE_SCHEMA = {
  reference: required("image reference", "set reference, e.g. busybox:1.37.0"),
  allowMutableReference: rules.boolean(),
  keepLocally: rules.boolean(),
} satisfies Schema<RegistryImageProps>;

export const IMMUTABLE_IMAGE_SCHEMA = {
  context: required("build context", "set context to the folder that holds the Dockerfile"),
  repository: rules.string(),
  dockerfile: rules.string({ nonBlank: true }),
  buildArgs: rules.stringMap(),
  labels: rules.stringMap(),
  /** Docker's stage-name rule, checked against the Dockerfile's stages once it is read. */
  target: rules.elsewhere,
  keepLocally: rules.boolean(),
} satisfies Schema<ImmutableImageProps>;

export const GENERATED_SECRET_SCHEMA = {
  directory: rules.string({ nonBlank: true }),
  bytes: rules.integer({ min: 16, max: 65536, minReason: "16 bytes, too short for a secret" }),
} satisfies Schema<GeneratedSecretProps>;

export const SWARM_SECRET_SCHEMA = {
  value: rules.string(),
  file: rules.string(),
  secretNamePrefix: rules.string(),
  labels: rules.labels(),
} satisfies Schema<SwarmSecretProps>;

export const SWARM_CONFIG_SCHEMA = {
  content: rules.string(),
  /** With content, when the content is read (exactly one of the two). */
  file: rules.elsewhere,
  configNamePrefix: rules.string(),
} satisfies Schema<SwarmConfigProps>;

export const DOCKER_HOST_SCHEMA = {
  // Named as the DockerStack prop that passes it on.
  host: (where, _name, value) => void checkString(where, "dockerHost", value, { nonBlank: true }),
  sshOptions: rules.stringList(),
  providerVersion,
} satisfies Schema<DockerHostProps>;

export const DOCKER_STACK_SCHEMA = {
  namePrefix: rules.string(),
  labels: rules.labels(),
  /** Passed on to the stack's DockerHost, which checks them (DOCKER_HOST_SCHEMA). */
  dockerHost: rules.elsewhere,
  sshOptions: rules.elsewhere,
  providerVersion: rules.elsewhere,
  defaultsProfile: (where, name, value) =>
    void (value === undefined || checkDefaultsProfile(where, value, `${name} prop`)),
} satisfies Schema<DockerStackProps>;

export const DOCKER_APP_SCHEMA = {
  strictAudit: rules.boolean(),
  reportErrors: rules.boolean(),
  // cdktf's AppConfig: cdktf reads them.
  outdir: rules.elsewhere,
  stackTraces: rules.elsewhere,
  hclOutput: rules.elsewhere,
  context: rules.elsewhere,
  skipValidation: rules.elsewhere,
  skipBackendValidation: rules.elsewhere,
} satisfies PlainSchema<DockerAppProps>;
