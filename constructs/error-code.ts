/**
 * The stable code of every synth error (`DefinitionError.code`), one per rule that a
 * definition can break. The message after the code may be reworded between releases; the
 * code is not, so tests and tools match on it. DockerApp prints it at the end of each
 * problem line: `[stack/Web] port 70000 is not a port. Fix: ... (InvalidPort)`.
 */
export enum ErrorCode {
  // Values of the wrong shape (mostly from JavaScript callers, JSON or `as any`).

  /** A value has the wrong type, e.g. a string where a number or a Volume is needed. Pass the type the API documents. @group Values */
  WRONG_TYPE = "WrongType",
  /** A required value is missing, e.g. an image without a reference. Give it. @group Values */
  MISSING_VALUE = "MissingValue",
  /** A string, list or command that must not be empty is empty or blank. Give a value, or leave the prop out for the default. @group Values */
  BLANK_VALUE = "BlankValue",
  /** A string contains a NUL character, which Docker and the kernel cut strings at. Remove it. @group Values */
  NUL_CHARACTER = "NulCharacter",
  /** A value is not one of a fixed set (an enum member, a signal, a ulimit, a profile). Use one of the values the message lists. @group Values */
  UNKNOWN_VALUE = "UnknownValue",
  /** A number Docker or the kernel refuses: not finite, a fraction where a whole number is needed, or outside the accepted range. @group Values */
  INVALID_NUMBER = "InvalidNumber",
  /** Two props that do not go together: one needs the other, or excludes it (e.g. replicas on a global service). Drop or add the one the fix names. @group Values */
  CONFLICTING_PROPS = "ConflictingProps",
  /** A props or options object has a key that is not one of its props: a typo, or a prop of the previous API (`name` is now `containerName`). Terraform refuses an unsupported argument the same way. Use the prop the fix names, or remove the key. @group Values */
  UNKNOWN_PROP = "UnknownProp",
  /** The same item is listed twice (a ulimit, a dependency, a network to join). List it once. @group Values */
  DUPLICATE_ENTRY = "DuplicateEntry",
  /** A lower limit is above its upper one (ulimit soft above hard, swap below memory, reservation above limit). Order them. @group Values */
  LIMITS_OUT_OF_ORDER = "LimitsOutOfOrder",

  // The construct tree and the app.

  /** A DockerStack is synthesized in cdktf's plain App, where the checks across stacks do not run. Create the app with new DockerApp(). @group The app */
  NOT_IN_DOCKER_APP = "NotInDockerApp",
  /** A docker-iac construct is not inside a DockerStack. Create it in a DockerStack. @group The app */
  NOT_IN_DOCKER_STACK = "NotInDockerStack",
  /** Two constructs in one scope have the same id (the constructs library refuses it). Give each a unique id. @group The app */
  DUPLICATE_CONSTRUCT_ID = "DuplicateConstructId",
  /** A construct has an empty id. Give every construct a non-empty id. @group The app */
  EMPTY_CONSTRUCT_ID = "EmptyConstructId",
  /** A validation that is not docker-iac's own failed (`node.addValidation` or an error annotation from cdktf or your code). Read the message. @group The app */
  CONSTRUCT_VALIDATION = "ConstructValidation",
  /** With strictAudit, a container breaks a CIS rule. Fix the finding, or waive the rule with a reason. @group The app */
  STRICT_AUDIT_FAILED = "StrictAuditFailed",
  /** The app's output folder (outdir, CDKTF_OUTDIR) is a file, or cannot be created. Point it at a folder you can write. @group The app */
  INVALID_OUTPUT_FOLDER = "InvalidOutputFolder",

  // Names.

  /** A container, network, volume, secret or config name that Docker refuses. Use [a-zA-Z0-9_.-], starting with a letter or digit. @group Names */
  INVALID_DOCKER_NAME = "InvalidDockerName",
  /** A name that becomes a file or folder name (a volume's folder under the local driver, a stack's output folder and state file, a generated secret's file) is longer than the file system allows (255 bytes). Use a shorter one. @group Names */
  NAME_TOO_LONG = "NameTooLong",
  /** A stack's name prefix (given, or derived from its id) cannot start a Docker name. Set namePrefix. @group Names */
  INVALID_NAME_PREFIX = "InvalidNamePrefix",
  /** A swarm service name or a container's service name (network alias) is not a DNS name Docker accepts. Use lower-case letters, digits and '-'. @group Names */
  INVALID_SERVICE_NAME = "InvalidServiceName",
  /** Two objects of one kind have the same Docker name on one engine. Give each a unique name, or the stacks different prefixes. @group Names */
  DUPLICATE_DOCKER_NAME = "DuplicateDockerName",
  /** Two containers on one network have the same service name (network alias). Give one another serviceName. @group Names */
  SERVICE_NAME_TAKEN = "ServiceNameTaken",
  /** A volume name is a path. Use Container.mountHostPath for host folders. @group Names */
  VOLUME_NAME_IS_PATH = "VolumeNameIsPath",
  /** A hostname, extra host name or DNS search domain is not a valid host name. Use letters, digits and '-' in dot-separated labels. @group Names */
  INVALID_HOSTNAME = "InvalidHostname",
  /** An environment variable name is empty or contains '=' or whitespace. Use e.g. APP_PORT. @group Names */
  INVALID_ENV_NAME = "InvalidEnvName",
  /** A user or group is not a name, a numeric id, or user:group. Give e.g. 10001:10001. @group Names */
  INVALID_USER = "InvalidUser",

  // Ports and addresses.

  /** A port is not a whole number from 1 to 65535. @group Ports and addresses */
  INVALID_PORT = "InvalidPort",
  /** Two port forwards (or published ports) claim the same host port on one engine. Give one another hostPort, or leave it out. @group Ports and addresses */
  HOST_PORT_CLASH = "HostPortClash",
  /** A value that must be an IP address is not one (a host IP, a DNS server, an extra host's address, a gateway). @group Ports and addresses */
  INVALID_IP_ADDRESS = "InvalidIpAddress",
  /** `hostPortOf` names a container port (with its protocol and host IP) that the container forwards no host port to. Add the port forward first, or ask for one it has. @group Ports and addresses */
  NO_SUCH_PORT_FORWARD = "NoSuchPortForward",
  /** `hostPortOf` matches more than one port forward (one container port forwarded on several host addresses). Pass the hostIp of the one you mean. @group Ports and addresses */
  AMBIGUOUS_PORT_FORWARD = "AmbiguousPortForward",

  // Networks.

  /** `Network.fromNetworkName` was given a network mode (host, none). Use Network.HOST or Network.NONE. @group Networks */
  NETWORK_NAME_IS_MODE = "NetworkNameIsMode",
  /** Docker's default `bridge` network was named; it has no name-based DNS. Use a BridgeNetwork. @group Networks */
  DEFAULT_BRIDGE_NETWORK = "DefaultBridgeNetwork",
  /** A setting the container's network mode does not allow (port forwards, networkOptions, hostname, net.* sysctls or extra networks in host or none mode). @group Networks */
  NETWORK_MODE_CONFLICT = "NetworkModeConflict",
  /** A container joins an overlay network, or a swarm service a bridge network. Containers use bridge networks, services overlay networks. @group Networks */
  WRONG_NETWORK_KIND = "WrongNetworkKind",
  /** A subnet is not a canonical IPv4 CIDR block (malformed, leading zeros, host bits set, IPv6). Write it as the fix shows. @group Networks */
  INVALID_SUBNET = "InvalidSubnet",
  /** A subnet leaves no address for containers besides the gateway. Use a larger block, e.g. a /24. @group Networks */
  SUBNET_TOO_SMALL = "SubnetTooSmall",
  /** A subnet overlaps a range a bridge cannot use (loopback, link-local, multicast...). Use a private range. @group Networks */
  RESERVED_SUBNET = "ReservedSubnet",
  /** Two networks on one engine have overlapping subnets. Give them disjoint subnets, or leave subnet out. @group Networks */
  OVERLAPPING_SUBNETS = "OverlappingSubnets",
  /** A gateway or static address is given where the network has no subnet the library knows. Give the network a subnet. @group Networks */
  ADDRESS_NEEDS_SUBNET = "AddressNeedsSubnet",
  /** A gateway or static address lies outside its network's subnet. Pick an address inside it. @group Networks */
  ADDRESS_OUTSIDE_SUBNET = "AddressOutsideSubnet",
  /** A gateway or static address is the subnet's network or broadcast address, or a static address is the gateway. Pick another host address. @group Networks */
  RESERVED_ADDRESS = "ReservedAddress",
  /** Two containers have the same static address on one network. Give each its own. @group Networks */
  ADDRESS_TAKEN = "AddressTaken",
  /** A container uses a network, volume or image of a stack that deploys to another engine. Use one of a stack on the same engine. @group Networks */
  CROSS_ENGINE_REFERENCE = "CrossEngineReference",

  // Mounts and devices.

  /** A path inside the container is not absolute, not normalized, the root, or contains ':'. Give e.g. /data. @group Mounts and devices */
  INVALID_CONTAINER_PATH = "InvalidContainerPath",
  /** A host path (a bind mount, a secret's file or directory) is not absolute, not a plain path, or contains ':'. Give an absolute path. @group Mounts and devices */
  INVALID_HOST_PATH = "InvalidHostPath",
  /** A host path mount would expose a sensitive host folder (/, /etc, the Docker socket...). Mount a narrower folder, or set allowSensitive. @group Mounts and devices */
  SENSITIVE_HOST_PATH = "SensitiveHostPath",
  /** Two mounts (or secrets, configs) at one container path. Give each its own path. @group Mounts and devices */
  DUPLICATE_MOUNT_PATH = "DuplicateMountPath",
  /** A device path is not absolute, or its permissions are not a combination of r, w and m. @group Mounts and devices */
  INVALID_DEVICE = "InvalidDevice",

  // Images and build contexts.

  /** An image reference or repository Docker refuses. Use repository[:tag] or repository@sha256:<digest>. @group Images and build contexts */
  INVALID_IMAGE_REFERENCE = "InvalidImageReference",
  /** An image reference can change under the same name (latest, no tag). Pin a version tag or digest, or set allowMutableReference. @group Images and build contexts */
  MUTABLE_IMAGE_REFERENCE = "MutableImageReference",
  /** A build context folder does not exist, is a file, or is a dangling link. Point context at a folder. @group Images and build contexts */
  BUILD_CONTEXT_NOT_FOUND = "BuildContextNotFound",
  /** A file or folder of a build context cannot be read (permissions, a socket, a broken .dockerignore). Fix it or list it in .dockerignore. @group Images and build contexts */
  UNREADABLE_BUILD_CONTEXT = "UnreadableBuildContext",
  /** The Dockerfile is missing, empty, a folder, or outside the build context. @group Images and build contexts */
  INVALID_DOCKERFILE = "InvalidDockerfile",
  /** A build target is not a valid stage name, or not a stage of the Dockerfile. @group Images and build contexts */
  INVALID_BUILD_TARGET = "InvalidBuildTarget",
  /** A value that goes into a content hash (a build arg, a secret's value) is a token only Terraform knows. Pass a plain string. @group Images and build contexts */
  TOKEN_IN_CONTENT_HASH = "TokenInContentHash",

  // Container runtime settings.

  /** A cpuLimit below the kernel's minimum CFS quota of 1000 µs per period. Give more CPUs. @group Container runtime */
  CPU_QUOTA_TOO_SMALL = "CpuQuotaTooSmall",
  /** A sysctl that is not namespaced, which Docker refuses because it would change the host. Set it on the host. @group Container runtime */
  SYSCTL_NOT_NAMESPACED = "SysctlNotNamespaced",
  /** A sysctl value is empty or spans lines. Give it as sysctl(8) would write it. @group Container runtime */
  INVALID_SYSCTL_VALUE = "InvalidSysctlValue",
  /** A logging driver name is not a driver or plugin name. @group Container runtime */
  INVALID_LOGGING_DRIVER = "InvalidLoggingDriver",
  /** A logging driver does not take an option. Use the driver's own options. @group Container runtime */
  UNKNOWN_LOGGING_OPTION = "UnknownLoggingOption",
  /** A Linux capability name Docker does not know. Use names without CAP_, e.g. NET_BIND_SERVICE. @group Container runtime */
  UNKNOWN_CAPABILITY = "UnknownCapability",
  /** An audit waiver has no reason. Say why the CIS rule does not apply. @group Container runtime */
  WAIVER_WITHOUT_REASON = "WaiverWithoutReason",
  /** A label the stack owns is set by hand. Remove it. @group Container runtime */
  RESERVED_LABEL = "ReservedLabel",
  /** Waiting for health (waitForHealthy, a HEALTHY dependency) needs a healthcheck. Add one. @group Container runtime */
  HEALTHCHECK_REQUIRED = "HealthcheckRequired",
  /** A healthcheck command starts with Docker's own keyword (CMD, CMD-SHELL, NONE), which fromCommand and fromShell write themselves: Docker would run a program named after it and the check would never pass. Drop the keyword. @group Container runtime */
  HEALTHCHECK_KEYWORD = "HealthcheckKeyword",
  /** A dependency is not a Container of the same stack. @group Container runtime */
  INVALID_DEPENDENCY = "InvalidDependency",
  /** Container dependencies form a cycle (or a container depends on itself). Remove one. @group Container runtime */
  DEPENDENCY_CYCLE = "DependencyCycle",
  /** A dependency's condition does not fit it (healthy on a one-shot, completed on a long-running container). @group Container runtime */
  DEPENDENCY_CONDITION_UNMET = "DependencyConditionUnmet",
  /** A container with update order start-first has what its old and new copy cannot share while both run: a fixed containerName, network mode host, a static address, or an image whose reference does not name its content. Drop it, or use UpdateOrder.STOP_FIRST. @group Container runtime */
  START_FIRST_CONFLICT = "StartFirstConflict",
  /** A start-first container depends on a stop-first one, which Terraform would then replace create-before-destroy under its fixed name. Make the dependency start-first too, or drop it. @group Container runtime */
  START_FIRST_DEPENDENCY = "StartFirstDependency",
  /** A generated secret's file cannot be written. Give a directory the deploying user can write. @group Container runtime */
  UNWRITABLE_SECRET_DIRECTORY = "UnwritableSecretDirectory",

  // Engines and the provider.

  /** A Docker engine address Docker does not take. Give unix://, tcp://host:port or ssh://[user@]host[:port]. @group Engines and the provider */
  INVALID_ENGINE_ENDPOINT = "InvalidEngineEndpoint",
  /** A provider version that is not a Terraform version constraint. Give e.g. "3.6.2". @group Engines and the provider */
  INVALID_PROVIDER_VERSION = "InvalidProviderVersion",

  // Swarm.

  /** A placement constraint or preference Swarm does not parse. @group Swarm */
  INVALID_PLACEMENT = "InvalidPlacement",
  /** A service asks for more tasks than its nodes can hold (host-mode ports, maxReplicasPerNode). Run fewer replicas or add nodes. @group Swarm */
  REPLICAS_EXCEED_NODES = "ReplicasExceedNodes",
  /** A fixed host port (a Swarm host-mode port, or a container's port forward) with update order start-first: the new task or container cannot bind the port the old one holds. Use stop-first, or a proxy in front. @group Swarm */
  START_FIRST_HOST_PORT = "StartFirstHostPort",
  /** A port in ingress mode on a service with endpoint mode dnsrr, which Docker refuses. Publish in host mode or use VIP. @group Swarm */
  INGRESS_WITH_DNSRR = "IngressWithDnsrr",
  /** A secret's or config's content is missing (or given twice, as value and file), unreadable, empty or above Swarm's 500 KiB limit. @group Swarm */
  INVALID_SWARM_OBJECT_CONTENT = "InvalidSwarmObjectContent",

  // Env files.

  /** An env file cannot be read or does not parse (bad name, unterminated quote, missing required variable). The message names the line. @group Env files */
  INVALID_ENV_FILE = "InvalidEnvFile",

  // Interpolation.

  /** `interpolate()` met `${VAR:?message}` or `${VAR?message}` with the variable unset (or empty), or a malformed `${...}` (never closed, not a name). Set the variable, give a default, or write `$$` for a literal `$`. @group Env files */
  INVALID_INTERPOLATION = "InvalidInterpolation",
}
