// Unit and snapshot tests must not depend on the machine: where this shell keeps the toolchain's
// cache (GeneratedSecret files live there, and their host paths reach the synthesized stacks and
// the README diagrams) is the default, ~/.cache/docker-iac, written as `~/...` in the output.
delete process.env.DOCKER_IAC_CACHE;
