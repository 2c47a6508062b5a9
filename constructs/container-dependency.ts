import type { Container } from "./container";

/**
 * When a dependent container may start, as Compose's `depends_on` conditions say it.
 * Terraform creates the dependency first in every case; the condition says how long it waits.
 */
export enum DependencyCondition {
  /** Created and started (Terraform `depends_on`). */
  STARTED = "service_started",
  /**
   * Its healthcheck passes: the dependency needs a `healthcheck`, and `deploy` waits for it
   * (the provider's `wait`), so dependents are created only once it is healthy.
   */
  HEALTHY = "service_healthy",
  /**
   * It ran to completion with exit code 0: a one-shot (`mustRun: false`) such as a schema
   * migration. `deploy` waits for it to exit (the provider's `attach`), and a non-zero exit
   * code fails the deploy (a Terraform postcondition on `exit_code`) before dependents start.
   */
  COMPLETED_SUCCESSFULLY = "service_completed_successfully",
}

/** One entry of `ContainerProps.dependsOn`. */
export interface ContainerDependency {
  /** The container that must be ready first (same stack). */
  readonly container: Container;
  /**
   * What "ready" means.
   * @default DependencyCondition.STARTED
   */
  readonly condition?: DependencyCondition;
}

/** A DNS label Docker accepts as a network alias; also Compose's rule for service names. */
export const SERVICE_NAME = /^[a-z0-9][a-z0-9_.-]*$/;
