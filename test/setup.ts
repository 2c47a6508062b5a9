import { Testing } from "cdktf";

// Matchers such as toHaveResourceWithProperties.
Testing.setupJest();

// Unit tests must not depend on the shell: the toolchain's env file exports cdktf context.
delete process.env.CDKTF_CONTEXT_JSON;
