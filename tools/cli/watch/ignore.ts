// Which paths watch ignores: what deploys themselves write, and what is never a source.
import * as path from "path";

/** Folder names never watched, anywhere. */
const IGNORED_FOLDERS = new Set(["node_modules", ".git", ".terraform", "cdktf.out"]);
/** Files a deploy writes into the project folder (Terraform state, lock files) and editors' temporaries. */
const IGNORED_FILES = [/\.tfstate(\..*)?$/, /^\.terraform\.lock\.hcl$/, /\.sw[px]$/, /~$/, /^\.#/, /^4913$/];

/**
 * Whether a path (relative to a watched root, "/"-separated) is ignored: a part is an ignored
 * folder or the output folder, or its file name is one a deploy or an editor writes.
 */
export function ignoredPath(relative: string, outdir?: string): boolean {
  const parts = relative.split(/[\\/]/).filter(Boolean);
  if (parts.some((p) => IGNORED_FOLDERS.has(p))) return true;
  if (
    outdir !== undefined &&
    outdir !== "" &&
    !outdir.startsWith("..") &&
    (relative === outdir || relative.startsWith(`${outdir}/`))
  )
    return true;
  const base = parts[parts.length - 1] ?? "";
  return IGNORED_FILES.some((re) => re.test(base));
}

/** The watch roots: the project folder, and each build context outside it (sorted, none inside another). */
export function watchRoots(projectRoot: string, contexts: readonly string[]): string[] {
  const roots = [projectRoot, ...contexts].map((p) => path.resolve(p)).sort();
  return roots.filter((root, i) => !roots.slice(0, i).some((r) => root === r || root.startsWith(`${r}${path.sep}`)));
}
