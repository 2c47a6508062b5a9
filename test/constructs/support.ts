// Shared by the construct tests (not a test file itself).
import "cdktf/lib/testing/adapters/jest"; // matcher types: toHaveResourceWithProperties
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AnnotationMetadataEntryType } from "cdktf";
import type { Construct, IConstruct } from "constructs";
import { RegistryImage } from "../../constructs";

/** A pinned public image, the cheapest IImage (no build context). */
export const PINNED = "busybox:1.37.0";

/** A RegistryImage pinned by version tag, for tests that need any image. */
export function pinnedImage(scope: Construct, id = "Image"): RegistryImage {
  return new RegistryImage(scope, id, { reference: PINNED });
}

/** The small build context committed under test/fixtures/contexts. */
export const FIXTURE_CONTEXTS = path.join(__dirname, "..", "fixtures", "contexts");

const copies: string[] = [];

/** A fresh copy of a fixture context in its own temp folder. */
export function copyContext(name = "basic"): string {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-test-ctx-"));
  copies.push(parent);
  const dir = path.join(parent, "ctx");
  fs.cpSync(path.join(FIXTURE_CONTEXTS, name), dir, { recursive: true });
  return dir;
}

/** Removes every copy copyContext made. */
export function removeContextCopies(): void {
  for (const dir of copies.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Warning annotations (`Annotations.addWarning`, shown by `cdktf synth`) on `scope` and below. */
export function warningsOf(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === AnnotationMetadataEntryType.WARN)
        .map((m) => `[${c.node.path}] ${String(m.data)}`),
    );
}

/** Escapes text for a RegExp, so a message can be matched literally inside a larger pattern. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
