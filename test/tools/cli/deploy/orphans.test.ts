import * as fs from "fs";
import * as path from "path";
import type { TerraformState } from "../../../../tools/cli/deploy/drift";
import {
  type EngineObject,
  type OrphanConfig,
  classify,
  findOrphans,
  imagesToResolve,
  orphanLine,
  stackLabelValue,
} from "../../../../tools/cli/deploy/orphans";

// Recorded from a real kill: the todo stack (name prefix rpx) deployed, its API's build context
// changed, `npm run deploy` SIGKILLed at "docker_container.Api_F70053CD: Creating...". The state
// (trimmed to the attributes read) records the new migrate container and not the API the killed
// apply had created; the engine list is the state's objects plus that API container.
const FIXTURES = path.join(__dirname, "..", "..", "..", "fixtures", "orphans");
const read = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), "utf8")) as T;
const config = read<OrphanConfig>("todo-killed.cdk.tf.json");
const state = read<TerraformState>("todo-killed.state-fixture.json");
const engine = read<EngineObject[]>("todo-killed.engine.json");

const API = "5b057b50c78d01697ac1c398405552b1a25ad56d76781a52e2fa612042d6d628";
const API_IMAGE_ID = "sha256:a43878e26e810d5c0c23b12d1f53c1139fc84677b9cfd0f3a699bcc253d8f02e";
const API_IMAGE = "docker-iac/rpx-todo-api-image:98128c514732";
const migrate = state.resources.find((r) => r.name === "Migrate_D5E6BFF0")!.instances[0].attributes as {
  id: string;
  image: string;
};

/** The image IDs the engine gives the configuration's image names: the API's as built, the rest as the state has them. */
function imageIds(api: { id: string | undefined } = { id: API_IMAGE_ID }): Map<string, string | undefined> {
  const ids = new Map<string, string | undefined>();
  for (const r of state.resources.filter((r) => r.type === "docker_image")) {
    const a = r.instances[0].attributes as { name: string; image_id: string };
    ids.set(a.name, a.image_id);
  }
  ids.set(API_IMAGE, api.id); // undefined: that tag is not on the engine (not built yet)
  return ids;
}

const orphan = (o: Partial<EngineObject> & Pick<EngineObject, "kind" | "id" | "name">): EngineObject => o;

describe("objects a killed deploy left", () => {
  test("the stack label comes from the configuration; the images to look up are the containers' ones", () => {
    expect(stackLabelValue(config)).toBe("rpx-todo");
    const images = Object.values(config.resource!.docker_image).map((i) => i.name);
    expect(imagesToResolve(config)).toEqual([...images].sort());
    expect(imagesToResolve(config)).toContain(API_IMAGE);
  });

  test("only the container the state never recorded is an orphan", () => {
    expect(findOrphans(state, engine).map((o) => o.id)).toEqual([API]);
    expect(findOrphans(undefined, engine)).toHaveLength(engine.length); // no state yet: everything
  });

  test("a declared long-running container on the configuration's image is imported at its address", () => {
    const [action] = classify(config, state, findOrphans(state, engine), imageIds());
    expect(action).toMatchObject({ action: "import", address: "docker_container.Api_F70053CD", object: { id: API } });
    expect(orphanLine("deploy", "todo", action)).toBe(
      "[deploy] todo: container rpx-todo-api (5b057b50c78d) carries the stack's label but is not in the Terraform state (left by a deploy that was killed?): " +
        "imported as docker_container.Api_F70053CD, declared at that address (the apply replaces it: the provider does not read a container's settings back on import)",
    );
  });

  test("a container on another image than the configuration's (or one not built yet) is a replacement begun: removed", () => {
    for (const id of ["sha256:0000000000000000000000000000000000000000000000000000000000000000", undefined]) {
      const [action] = classify(config, state, findOrphans(state, engine), imageIds({ id }));
      expect(action).toMatchObject({ action: "remove", address: "docker_container.Api_F70053CD" });
      expect(orphanLine("repair", "todo", action, "planned")).toMatch(
        /^\[repair\] todo: container rpx-todo-api \(5b057b50c78d\) .*: would remove \(docker_container\.Api_F70053CD: it runs image a43878e26e81, not the configuration's /,
      );
    }
  });

  test("a one-shot (must_run false, restart no) is removed whatever its image: the apply runs it again", () => {
    // The migrate container recorded, and a second one the killed apply had created after it was removed from the state.
    const withoutMigrate: TerraformState = {
      ...state,
      resources: state.resources.filter((r) => r.name !== "Migrate_D5E6BFF0"),
    };
    const left = orphan({
      kind: "container",
      id: migrate.id,
      name: "rpx-todo-migrate",
      image: migrate.image,
      state: "exited",
    });
    expect(classify(config, withoutMigrate, [left], imageIds())).toEqual([
      {
        action: "remove",
        object: left,
        address: "docker_container.Migrate_D5E6BFF0",
        why: "a one-shot container: the apply creates and runs it again",
      },
    ]);
  });

  test("the state records a vanished container at the address: the orphan is removed (import would be refused)", () => {
    const api = findOrphans(state, engine)[0];
    const stale: TerraformState = {
      ...state,
      resources: [
        ...state.resources,
        {
          mode: "managed",
          type: "docker_container",
          name: "Api_F70053CD",
          instances: [{ attributes: { id: "f".repeat(64), name: "rpx-todo-api" } }],
        },
      ],
    };
    expect(classify(config, stale, [api], imageIds())[0]).toMatchObject({
      action: "remove",
      why: expect.stringContaining("the state records another container at that address"),
    });
  });

  test("declared networks are imported; a volume is imported, or left when declared nowhere, never removed", () => {
    const withoutEdge: TerraformState = {
      ...state,
      resources: state.resources.filter((r) => r.name !== "Edge_7038544F"),
    };
    const edge = engine.find((o) => o.name === "rpx-todo-edge")!;
    const volumeConfig: OrphanConfig = {
      resource: {
        ...config.resource,
        docker_volume: {
          Data_1: { name: "rpx-todo-data", labels: [{ label: "io.docker-iac.stack", value: "rpx-todo" }] },
        },
      },
    };
    const data = orphan({ kind: "volume", id: "rpx-todo-data", name: "rpx-todo-data" });
    const old = orphan({ kind: "volume", id: "rpx-todo-old", name: "rpx-todo-old" });
    const actions = classify(volumeConfig, withoutEdge, findOrphans(withoutEdge, [...engine, data, old]), imageIds());
    expect(actions.map((a) => [a.object.name, a.action, a.address])).toEqual([
      ["rpx-todo-edge", "import", "docker_network.Edge_7038544F"],
      ["rpx-todo-api", "import", "docker_container.Api_F70053CD"],
      ["rpx-todo-data", "import", "docker_volume.Data_1"],
      ["rpx-todo-old", "leave", undefined],
    ]);
    expect(orphanLine("deploy", "todo", actions[3])).toBe(
      "[deploy] todo: volume rpx-todo-old (rpx-todo-old) carries the stack's label but is not in the Terraform state (left by a deploy that was killed?): " +
        "left alone: the configuration declares no volume of that name (a renamed or removed one?). Fix: `docker volume rm rpx-todo-old` if its data is no longer needed",
    );
    expect(edge.id).toBe(actions[0].object.id);
  });

  test("undeclared containers and networks are left alone with the command that removes them", () => {
    const extra = [
      orphan({ kind: "container", id: "a".repeat(64), name: "rpx-todo-worker", image: API_IMAGE_ID }),
      orphan({ kind: "network", id: "b".repeat(64), name: "rpx-todo-old-net" }),
    ];
    const actions = classify(config, state, extra, imageIds());
    expect(actions.map((a) => a.action === "leave" && a.fix)).toEqual([
      "`docker rm -f rpx-todo-worker` if nothing needs it",
      "`docker network rm rpx-todo-old-net` if nothing needs it",
    ]);
  });

  test("a network of a declared name when the state has one at that address (names need not be unique): left alone", () => {
    const twin = orphan({ kind: "network", id: "c".repeat(64), name: "rpx-todo-edge" });
    expect(classify(config, state, [twin], imageIds())[0]).toMatchObject({
      action: "leave",
      address: "docker_network.Edge_7038544F",
      fix: `\`docker network rm ${"c".repeat(64)}\` if nothing is attached to it`,
    });
  });
});
