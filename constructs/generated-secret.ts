import { cacheFolder } from "./private/cache-folder";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Construct } from "constructs";
import { DockerStack } from "./docker-stack";
import { ErrorCode } from "./error-code";
import { invalid } from "./errors";
import { kebab } from "./private/names";
import { checkObject, checkString } from "./private/validation/values";
import { checkFileNameLength } from "./private/validation/file-names";
import { checkKnownProps } from "./private/validation/known-props";
import { GENERATED_SECRET_SCHEMA } from "./private/validation/resource-schemas";
import { checkWithSchema, schemaKeys } from "./private/validation/schema";

export interface GeneratedSecretProps {
  /**
   * Folder on the deploying machine that holds the secret files; created with mode 0700.
   * Keep it outside the repository.
   * @default - the context value `secretsDir`, else `$DOCKER_IAC_CACHE/secrets`, else `~/.cache/docker-iac/secrets`
   */
  readonly directory?: string;

  /**
   * Random bytes in the secret (written base64url, no padding).
   * @default 32
   */
  readonly bytes?: number;
}

/**
 * A random secret (a database password) made once, on the machine that deploys, into a
 * file outside the repository: `<directory>/<stack namePrefix>-<id>`. The value never
 * enters the Terraform configuration, state or plan; containers get the file mounted
 * read-only and read it through `*_FILE` variables. Later deploys reuse the file, so the
 * value stays the same; delete the file to rotate (and re-initialize what stored it).
 * Offline, `random_password` is not available (no hashicorp/random provider), and it
 * would put the value into the state anyway.
 */
export class GeneratedSecret extends Construct {
  /** Absolute path of the file on the deploying machine. */
  public readonly hostPath: string;

  constructor(scope: Construct, id: string, props: GeneratedSecretProps = {}) {
    super(scope, id);
    const stack = DockerStack.of(this);
    if (new.target === GeneratedSecret)
      checkKnownProps(this, "GeneratedSecretProps", props, schemaKeys(GENERATED_SECRET_SCHEMA));
    checkWithSchema(this, GENERATED_SECRET_SCHEMA, checkObject(this, "props", props) ?? {});
    const directory =
      props.directory ??
      checkString(this, "context value secretsDir", this.node.tryGetContext("secretsDir"), { nonBlank: true }) ??
      defaultSecretsDir();
    if (!path.isAbsolute(directory)) {
      throw invalid(
        this,
        ErrorCode.INVALID_HOST_PATH,
        `secrets directory '${directory}' is not absolute`,
        "give an absolute folder outside the repository",
      );
    }
    const bytes = props.bytes ?? 32;
    const fileName = `${stack.namePrefix}-${kebab(id)}`;
    // The file is written as <name>.<pid>.tmp first, then renamed: room for the longest pid.
    checkFileNameLength(
      this,
      "secret file name",
      fileName,
      `the file ${path.join(directory, "<name>")}`,
      ".4194304.tmp".length,
    );
    this.hostPath = path.join(directory, fileName);
    try {
      ensureSecretFile(this.hostPath, bytes);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === undefined) throw err;
      throw invalid(
        this,
        ErrorCode.UNWRITABLE_SECRET_DIRECTORY,
        `cannot create the secret file ${this.hostPath} (${code})`,
        "give a directory the deploying user can write, outside the repository",
      );
    }
  }
}

function defaultSecretsDir(): string {
  return path.join(cacheFolder(), "secrets");
}

/**
 * The folder is private (0700) so other users of the machine cannot reach the file; the
 * file itself is world-readable (0444) so a container's unprivileged user can read it
 * through the bind mount, which does not pass through the folder's permissions.
 */
function ensureSecretFile(file: string, bytes: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (fs.existsSync(file)) return;
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, randomBytes(bytes).toString("base64url"), { mode: 0o444 });
  try {
    // Never overwrite: two synths at once keep whichever file landed first.
    fs.linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
