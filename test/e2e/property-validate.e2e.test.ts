import { Testing } from "cdktf";
import fc from "fast-check";
import { testApp } from "../helpers";
import { cleanDefinition, defineRandom } from "../random-definitions";
import { requireToolchainOrExplain } from "./toolchain";

/**
 * The property-based synth test's other half: a sample of random valid definitions is
 * checked by `terraform validate` with the real kreuzwerker/docker provider (from the
 * offline mirror), so what synth accepts, Terraform accepts too. Fixed seed: repeatable.
 */
const SEED = Number(process.env.PROPERTY_SEED ?? 20261128);
const SAMPLE = Number(process.env.PROPERTY_VALIDATE_SAMPLE ?? 6);

const ready = requireToolchainOrExplain();
(ready ? describe : describe.skip)(`terraform validate on ${SAMPLE} random valid definitions (seed ${SEED})`, () => {
  // The offline mirror holds one provider build: the version comes from the toolchain, not the sample.
  const definitions = fc
    .sample(cleanDefinition, { seed: SEED, numRuns: SAMPLE })
    .map((d) => ({ ...d, stack: { ...d.stack, providerVersion: undefined } }));
  test.each(definitions.map((d, i) => [i, d] as const))("definition %i is valid Terraform", (_, definition) => {
    const app = testApp(
      process.env.DOCKER_IAC_PROVIDER_VERSION ? { dockerProviderVersion: process.env.DOCKER_IAC_PROVIDER_VERSION } : {},
    );
    const stack = defineRandom(app, definition);
    expect(Testing.fullSynth(stack)).toBeValidTerraform();
  });
});
