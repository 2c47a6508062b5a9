import type { IConstruct } from "constructs";
import { ErrorCode } from "../../error-code";
import { isUnresolved } from "../../errors";
import { checkString, fail, show } from "../validation/values";

/** The kernel's limit on a hostname (HOST_NAME_MAX). */
export const MAX_HOSTNAME_LENGTH = 64;
const HOSTNAME_LABEL = /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
// A Go template Swarm expands per task, e.g. {{.Task.Slot}}.
const SWARM_TEMPLATE = /\{\{.*?\}\}/;

/**
 * A hostname the kernel and DNS accept: RFC 1123 labels, at most 64 characters. A service's
 * may hold Swarm templates (`{{.Service.Name}}-{{.Task.Slot}}`): its literal parts are checked,
 * its length is known only once Swarm expands it.
 */
export function checkHostname(scope: IConstruct, value: unknown, options: { templates: boolean }): void {
  const hostname = checkString(scope, "hostname", value);
  if (hostname === undefined || isUnresolved(hostname)) return;
  const templated = options.templates && SWARM_TEMPLATE.test(hostname);
  if (!templated && hostname.length > MAX_HOSTNAME_LENGTH) {
    throw fail(
      scope,
      ErrorCode.INVALID_HOSTNAME,
      `hostname '${hostname.slice(0, 20)}...' is ${hostname.length} characters, longer than the kernel's ${MAX_HOSTNAME_LENGTH}`,
      "give a shorter hostname",
    );
  }
  // A template stands for letters and digits here (a slot, a name): what is around it must fit.
  const literal = templated ? hostname.replace(new RegExp(SWARM_TEMPLATE, "g"), "x") : hostname;
  if (!literal.split(".").every((label) => label.length <= 63 && HOSTNAME_LABEL.test(label))) {
    throw fail(
      scope,
      ErrorCode.INVALID_HOSTNAME,
      `hostname ${show(hostname)} is not a valid host name`,
      "use letters, digits and '-' in dot-separated labels, e.g. web-1",
    );
  }
}
