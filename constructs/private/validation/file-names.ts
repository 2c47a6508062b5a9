import { ErrorCode } from "../../error-code";
import { fail, type Where } from "./values";

/**
 * The longest name one folder entry may have on Linux file systems (NAME_MAX, in bytes, not
 * characters). Docker and the tools keep some names as files: the local volume driver makes
 * /var/lib/docker/volumes/<name>, cdktf writes cdktf.out/stacks/<stack id>, Terraform
 * terraform.<stack id>.tfstate. A longer name is accepted by synth and refused by the kernel
 * (ENAMETOOLONG) at deploy, or in the middle of a synth.
 */
export const NAME_MAX_BYTES = 255;

/**
 * Throws unless `name`, with `reserved` more bytes around it (a suffix the tool adds), fits
 * in one folder entry. `becomes` says which file or folder it becomes, for the message.
 */
export function checkFileNameLength(where: Where, what: string, name: string, becomes: string, reserved = 0): void {
  const bytes = Buffer.byteLength(name, "utf8");
  const limit = NAME_MAX_BYTES - reserved;
  if (bytes <= limit) return;
  const shown = name.length > 40 ? `'${name.slice(0, 24)}...' (${bytes} bytes)` : `'${name}' (${bytes} bytes)`;
  throw fail(
    where,
    ErrorCode.NAME_TOO_LONG,
    `${what} ${shown} is too long: it becomes ${becomes}, and a file name has at most ${NAME_MAX_BYTES} bytes`,
    `use a ${what} of at most ${limit} bytes`,
  );
}
