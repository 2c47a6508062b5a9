// The names of the labels docker-iac puts on Docker objects, in one place. This file imports
// nothing: every other file (public or private) may import it without a cycle.

/**
 * The label every Docker object a stack creates carries, with the stack's name prefix as
 * value. Nothing a user writes may replace it: clean-up, deploy checks and audits rely on it.
 */
export const STACK_LABEL = "io.docker-iac.stack";

/** The label prefix that records a deliberate exception to a CIS rule, with the reason. */
export const WAIVER_LABEL_PREFIX = "io.docker-iac.cis-waiver.";

/** The label that records which build inputs an image came from. */
export const CONTEXT_HASH_LABEL = "io.docker-iac.context-sha256";
