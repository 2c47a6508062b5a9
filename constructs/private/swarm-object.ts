import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { IConstruct } from "constructs";
import { ErrorCode } from "../error-code";
import { invalid, isUnresolved } from "../errors";
import { checkString } from "./validation/values";

/** Where a secret's or config's content comes from: exactly one of `value` and `file`. */
export interface SwarmObjectContent {
  readonly value?: string;
  readonly file?: string;
}

/** Swarm's rule for secret and config names (swarmkit validateSecretSpec / validateConfigSpec). */
const SWARM_OBJECT_NAME = /^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$/;
/** Swarm's size limit for one secret or config. */
export const MAX_SWARM_OBJECT_BYTES = 500 * 1024;

/** Reads the content at synth time (the hash needs it); throws a clean error when it is not usable. */
export function readContent(scope: IConstruct, kind: string, content: SwarmObjectContent, valueName = "value"): Buffer {
  checkString(scope, valueName, content.value);
  checkString(scope, "file", content.file, { nonBlank: true });
  if ((content.value === undefined) === (content.file === undefined)) {
    throw invalid(
      scope,
      ErrorCode.INVALID_SWARM_OBJECT_CONTENT,
      `a ${kind} needs exactly one of ${valueName} and file`,
      `give ${valueName} (a string) or file (a path to read at synth time)`,
    );
  }
  if (content.value !== undefined) {
    if (isUnresolved(content.value)) {
      throw invalid(
        scope,
        ErrorCode.TOKEN_IN_CONTENT_HASH,
        `${kind} ${valueName} is a token`,
        "pass a plain string or a file: the content's hash is part of the name",
      );
    }
    return checkSize(scope, kind, Buffer.from(content.value, "utf8"));
  }
  const file = path.resolve(content.file!);
  if (!fs.existsSync(file)) {
    throw invalid(
      scope,
      ErrorCode.INVALID_SWARM_OBJECT_CONTENT,
      `${kind} file '${content.file}' does not exist (resolved to ${file})`,
      "point file at a readable file",
    );
  }
  const stat = fs.statSync(file);
  if (!stat.isFile()) {
    throw invalid(
      scope,
      ErrorCode.INVALID_SWARM_OBJECT_CONTENT,
      `${kind} file '${content.file}' is ${stat.isDirectory() ? "a folder" : "not a regular file"} (resolved to ${file})`,
      "point file at a regular file",
    );
  }
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (err) {
    throw invalid(
      scope,
      ErrorCode.INVALID_SWARM_OBJECT_CONTENT,
      `cannot read ${kind} file '${content.file}' (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      "make the file readable by the user who synthesizes",
    );
  }
  return checkSize(scope, kind, data);
}

function checkSize(scope: IConstruct, kind: string, data: Buffer): Buffer {
  if (data.length === 0)
    throw invalid(
      scope,
      ErrorCode.INVALID_SWARM_OBJECT_CONTENT,
      `${kind} content is empty`,
      "give the content Swarm should store",
    );
  if (data.length > MAX_SWARM_OBJECT_BYTES) {
    throw invalid(
      scope,
      ErrorCode.INVALID_SWARM_OBJECT_CONTENT,
      `${kind} content is ${data.length} bytes, above Swarm's limit of ${MAX_SWARM_OBJECT_BYTES}`,
      "store large files in a volume or the image",
    );
  }
  return data;
}

/**
 * `<base>-<first 12 hex digits of the content's sha256>`: a new content is a new name, so
 * rotating it creates a new object (and updates the services that use it) instead of
 * failing to change one that is in use (Swarm secrets and configs are immutable).
 */
export function contentAddressedName(scope: IConstruct, kind: string, base: string, data: Buffer): string {
  checkSwarmObjectBase(scope, kind, base);
  return `${base}-${createHash("sha256").update(data).digest("hex").slice(0, 12)}`;
}

/** Throws unless `<base>-<12 hex digits>` is a name Swarm accepts. */
export function checkSwarmObjectBase(scope: IConstruct, kind: string, base: string): void {
  if (isUnresolved(base)) return;
  checkString(scope, `${kind} name prefix`, base);
  if (base.length > 51 || !SWARM_OBJECT_NAME.test(base)) {
    throw invalid(
      scope,
      ErrorCode.INVALID_DOCKER_NAME,
      `invalid ${kind} name '${base}'`,
      "use at most 51 characters from [a-zA-Z0-9-_.], starting and ending with a letter or digit (a content hash is appended)",
    );
  }
}
