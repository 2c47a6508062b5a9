/**
 * The stable code of every synth error (`DefinitionError.code`), one per rule that a
 * definition can break. The message after the code may be reworded between releases; the
 * code is not, so tests and tools match on it. DockerApp prints it at the end of each
 * problem line: `[stack/Web] port 70000 is not a port. Fix: ... (InvalidPort)`.
 */
export enum ErrorCode {
  // Values of the wrong shape (mostly from JavaScript callers, JSON or `as any`).

  /** A value has the wrong type, e.g. a string where a number or a Volume is needed. Pass the type the API documents. */
  WRONG_TYPE = "WrongType",
  /** A required value is missing, e.g. an image without a reference. Give it. */
  MISSING_VALUE = "MissingValue",
  /** A string, list or command that must not be empty is empty or blank. Give a value, or leave the prop out for the default. */
  BLANK_VALUE = "BlankValue",
  /** A string contains a NUL character, which Docker and the kernel cut strings at. Remove it. */
  NUL_CHARACTER = "NulCharacter",
  /** A value is not one of a fixed set (an enum member, a signal, a ulimit, a profile). Use one of the values the message lists. */
  UNKNOWN_VALUE = "UnknownValue",
  /** A number Docker or the kernel refuses: not finite, a fraction where a whole number is needed, or outside the accepted range. */
  INVALID_NUMBER = "InvalidNumber",
  /** Two props that do not go together: one needs the other, or excludes it (e.g. replicas on a global service). Drop or add the one the fix names. */
  CONFLICTING_PROPS = "ConflictingProps",
  /** The same item is listed twice (a ulimit, a dependency, a network to join). List it once. */
  DUPLICATE_ENTRY = "DuplicateEntry",
  /** A lower limit is above its upper one (ulimit soft above hard, swap below memory, reservation above limit). Order them. */
  LIMITS_OUT_OF_ORDER = "LimitsOutOfOrder",

  // The construct tree and the app.

  /** A docker-iac construct is not inside a DockerStack. Create it in a DockerStack. */
  NOT_IN_DOCKER_STACK = "NotInDockerStack",
  /** Two constructs in one scope have the same id (the constructs library refuses it). Give each a unique id. */
  DUPLICATE_CONSTRUCT_ID = "DuplicateConstructId",
  /** A construct has an empty id. Give every construct a non-empty id. */
  EMPTY_CONSTRUCT_ID = "EmptyConstructId",
  /** A validation that is not docker-iac's own failed (`node.addValidation` or an error annotation from cdktf or your code). Read the message. */
  CONSTRUCT_VALIDATION = "ConstructValidation",
  /** With strictAudit, a container breaks a CIS rule. Fix the finding, or waive the rule with a reason. */
  STRICT_AUDIT_FAILED = "StrictAuditFailed",

  // Names.

  /** A container, network, volume, secret or config name that Docker refuses. Use [a-zA-Z0-9_.-], starting with a letter or digit. */
  INVALID_DOCKER_NAME = "InvalidDockerName",
  /** A stack's name prefix (given, or derived from its id) cannot start a Docker name. Set namePrefix. */
  INVALID_NAME_PREFIX = "InvalidNamePrefix",
  /** A swarm service name or a container's service name (network alias) is not a DNS name Docker accepts. Use lower-case letters, digits and '-'. */
  INVALID_SERVICE_NAME = "InvalidServiceName",
  /** Two objects of one kind have the same Docker name on one engine. Give each a unique name, or the stacks different prefixes. */
  DUPLICATE_DOCKER_NAME = "DuplicateDockerName",
  /** Two containers on one network have the same service name (network alias). Give one another serviceName. */
  SERVICE_NAME_TAKEN = "ServiceNameTaken",
  /** A volume name is a path. Use Container.mountHostPath for host folders. */
  VOLUME_NAME_IS_PATH = "VolumeNameIsPath",
  /** A hostname, extra host name or DNS search domain is not a valid host name. Use letters, digits and '-' in dot-separated labels. */
  INVALID_HOSTNAME = "InvalidHostname",
  /** An environment variable name is empty or contains '=' or whitespace. Use e.g. APP_PORT. */
  INVALID_ENV_NAME = "InvalidEnvName",
  /** A user or group is not a name, a numeric id, or user:group. Give e.g. 10001:10001. */
  INVALID_USER = "InvalidUser",

  // Ports and addresses.

  /** A port is not a whole number from 1 to 65535. */
  INVALID_PORT = "InvalidPort",
  /** Two port forwards (or published ports) claim the same host port on one engine. Give one another hostPort, or leave it out. */
  HOST_PORT_CLASH = "HostPortClash",
  /** A value that must be an IP address is not one (a host IP, a DNS server, an extra host's address, a gateway). */
  INVALID_IP_ADDRESS = "InvalidIpAddress",

  // Networks.

  /** `Network.fromNetworkName` was given a network mode (host, none). Use Network.HOST or Network.NONE. */
  NETWORK_NAME_IS_MODE = "NetworkNameIsMode",
  /** Docker's default `bridge` network was named; it has no name-based DNS. Use a BridgeNetwork. */
  DEFAULT_BRIDGE_NETWORK = "DefaultBridgeNetwork",
  /** A setting the container's network mode does not allow (port forwards, hostname, net.* sysctls or extra networks in host or none mode). */
  NETWORK_MODE_CONFLICT = "NetworkModeConflict",
  /** A container joins an overlay network, or a swarm service a bridge network. Containers use bridge networks, services overlay networks. */
  WRONG_NETWORK_KIND = "WrongNetworkKind",
  /** A subnet is not a canonical IPv4 CIDR block (malformed, leading zeros, host bits set, IPv6). Write it as the fix shows. */
  INVALID_SUBNET = "InvalidSubnet",
  /** A subnet leaves no address for containers besides the gateway. Use a larger block, e.g. a /24. */
  SUBNET_TOO_SMALL = "SubnetTooSmall",
  /** A subnet overlaps a range a bridge cannot use (loopback, link-local, multicast...). Use a private range. */
  RESERVED_SUBNET = "ReservedSubnet",
  /** Two networks on one engine have overlapping subnets. Give them disjoint subnets, or leave subnet out. */
  OVERLAPPING_SUBNETS = "OverlappingSubnets",
  /** A gateway or static address is given where the network has no subnet the library knows. Give the network a subnet. */
  ADDRESS_NEEDS_SUBNET = "AddressNeedsSubnet",
  /** A gateway or static address lies outside its network's subnet. Pick an address inside it. */
  ADDRESS_OUTSIDE_SUBNET = "AddressOutsideSubnet",
  /** A gateway or static address is the subnet's network or broadcast address, or a static address is the gateway. Pick another host address. */
  RESERVED_ADDRESS = "ReservedAddress",
  /** Two containers have the same static address on one network. Give each its own. */
  ADDRESS_TAKEN = "AddressTaken",
  /** A container uses a network or volume of a stack that deploys to another engine. Use one of a stack on the same engine. */
  CROSS_ENGINE_REFERENCE = "CrossEngineReference",

  // Mounts and devices.

  /** A path inside the container is not absolute, not normalized, the root, or contains ':'. Give e.g. /data. */
  INVALID_CONTAINER_PATH = "InvalidContainerPath",
  /** A host path is not absolute or contains ':'. Give an absolute path. */
  INVALID_HOST_PATH = "InvalidHostPath",
  /** A host path mount would expose a sensitive host folder (/, /etc, the Docker socket...). Mount a narrower folder, or set allowSensitive. */
  SENSITIVE_HOST_PATH = "SensitiveHostPath",
  /** Two mounts (or secrets, configs) at one container path. Give each its own path. */
  DUPLICATE_MOUNT_PATH = "DuplicateMountPath",
  /** A device path is not absolute, or its permissions are not a combination of r, w and m. */
  INVALID_DEVICE = "InvalidDevice",

  // Images and build contexts.

  /** An image reference or repository Docker refuses. Use repository[:tag] or repository@sha256:<digest>. */
  INVALID_IMAGE_REFERENCE = "InvalidImageReference",
  /** An image reference can change under the same name (latest, no tag). Pin a version tag or digest, or set allowMutableReference. */
  MUTABLE_IMAGE_REFERENCE = "MutableImageReference",
  /** A build context folder does not exist, is a file, or is a dangling link. Point context at a folder. */
  BUILD_CONTEXT_NOT_FOUND = "BuildContextNotFound",
  /** A file or folder of a build context cannot be read (permissions, a socket, a broken .dockerignore). Fix it or list it in .dockerignore. */
  UNREADABLE_BUILD_CONTEXT = "UnreadableBuildContext",
  /** The Dockerfile is missing, empty, a folder, or outside the build context. */
  INVALID_DOCKERFILE = "InvalidDockerfile",
  /** A build target is not a valid stage name, or not a stage of the Dockerfile. */
  INVALID_BUILD_TARGET = "InvalidBuildTarget",
  /** A value that goes into a content hash (a build arg, a secret's value) is a token only Terraform knows. Pass a plain string. */
  TOKEN_IN_CONTENT_HASH = "TokenInContentHash",

  // Container runtime settings.

  /** A cpuLimit below the kernel's minimum CFS quota of 1000 µs per period. Give more CPUs. */
  CPU_QUOTA_TOO_SMALL = "CpuQuotaTooSmall",
  /** A sysctl that is not namespaced, which Docker refuses because it would change the host. Set it on the host. */
  SYSCTL_NOT_NAMESPACED = "SysctlNotNamespaced",
  /** A sysctl value is empty or spans lines. Give it as sysctl(8) would write it. */
  INVALID_SYSCTL_VALUE = "InvalidSysctlValue",
  /** A logging driver name is not a driver or plugin name. */
  INVALID_LOGGING_DRIVER = "InvalidLoggingDriver",
  /** A logging driver does not take an option. Use the driver's own options. */
  UNKNOWN_LOGGING_OPTION = "UnknownLoggingOption",
  /** A Linux capability name Docker does not know. Use names without CAP_, e.g. NET_BIND_SERVICE. */
  UNKNOWN_CAPABILITY = "UnknownCapability",
  /** An audit waiver has no reason. Say why the CIS rule does not apply. */
  WAIVER_WITHOUT_REASON = "WaiverWithoutReason",
  /** A label the stack owns is set by hand. Remove it. */
  RESERVED_LABEL = "ReservedLabel",
  /** Waiting for health (waitForHealthy, a HEALTHY dependency) needs a healthcheck. Add one. */
  HEALTHCHECK_REQUIRED = "HealthcheckRequired",
  /** A dependency is not a Container of the same stack. */
  INVALID_DEPENDENCY = "InvalidDependency",
  /** Container dependencies form a cycle (or a container depends on itself). Remove one. */
  DEPENDENCY_CYCLE = "DependencyCycle",
  /** A dependency's condition does not fit it (healthy on a one-shot, completed on a long-running container). */
  DEPENDENCY_CONDITION_UNMET = "DependencyConditionUnmet",
  /** A generated secret's file cannot be written. Give a directory the deploying user can write. */
  UNWRITABLE_SECRET_DIRECTORY = "UnwritableSecretDirectory",

  // Engines and the provider.

  /** A Docker engine address Docker does not take. Give unix://, tcp://host:port or ssh://[user@]host[:port]. */
  INVALID_ENGINE_ENDPOINT = "InvalidEngineEndpoint",
  /** A provider version that is not a Terraform version constraint. Give e.g. "3.6.2". */
  INVALID_PROVIDER_VERSION = "InvalidProviderVersion",

  // Swarm.

  /** A placement constraint or preference Swarm does not parse. */
  INVALID_PLACEMENT = "InvalidPlacement",
  /** A service asks for more tasks than its nodes can hold (host-mode ports, maxReplicasPerNode). Run fewer replicas or add nodes. */
  REPLICAS_EXCEED_NODES = "ReplicasExceedNodes",
  /** A host-mode port with update order start-first: the new task cannot bind the port the old one holds. Use stop-first. */
  START_FIRST_HOST_PORT = "StartFirstHostPort",
  /** A port in ingress mode on a service with endpoint mode dnsrr, which Docker refuses. Publish in host mode or use VIP. */
  INGRESS_WITH_DNSRR = "IngressWithDnsrr",
  /** A secret's or config's content is missing, unreadable, empty or above Swarm's 500 KB limit. */
  INVALID_SWARM_OBJECT_CONTENT = "InvalidSwarmObjectContent",

  // Env files.

  /** An env file cannot be read or does not parse (bad name, unterminated quote, missing required variable). The message names the line. */
  INVALID_ENV_FILE = "InvalidEnvFile",
}
