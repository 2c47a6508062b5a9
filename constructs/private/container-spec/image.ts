import { ErrorCode } from "../../error-code";
import type { Rule } from "../validation/schema";
import { fail, show } from "../validation/values";

/**
 * The image a container or a service runs: required, and an IImage (a RegistryImage, an
 * ImmutableImage or one's own), which has both an ID (a container runs it) and a reference (a
 * service names it, and a start-first container's name reads it).
 */
export const imageRule: Rule = (where, name, value) => {
  if (value === undefined)
    throw fail(where, ErrorCode.MISSING_VALUE, `no ${name} given`, "set image to a RegistryImage or an ImmutableImage");
  const given = value as { imageId?: unknown; imageName?: unknown } | null;
  if (
    given === null ||
    typeof given !== "object" ||
    typeof given.imageId !== "string" ||
    typeof given.imageName !== "string"
  ) {
    throw fail(
      where,
      ErrorCode.WRONG_TYPE,
      `${name} ${show(value)} is not an image`,
      "give a RegistryImage or an ImmutableImage",
    );
  }
};
