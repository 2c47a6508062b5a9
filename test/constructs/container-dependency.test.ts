import { BridgeNetwork, Container, DependencyCondition, ErrorCode, Healthcheck } from "../../constructs";
import { expectDefinitionError, synthJson, testApp, testStack } from "../helpers";
import { DockerStack } from "../../constructs";
import { pinnedImage } from "./support";

function threeTier() {
  const stack = testStack();
  const image = pinnedImage(stack);
  const db = new Container(stack, "Db", { image, healthcheck: Healthcheck.fromShell("pg_isready") });
  const migrate = new Container(stack, "Migrate", {
    image,
    mustRun: false,
    dependsOn: [{ container: db, condition: DependencyCondition.HEALTHY }],
  });
  const api = new Container(stack, "Api", {
    image,
    dependsOn: [{ container: migrate, condition: DependencyCondition.COMPLETED_SUCCESSFULLY }, { container: db }],
  });
  return { stack, db, migrate, api, json: synthJson(stack) };
}

describe("Container dependencies (Compose depends_on)", () => {
  const { json, api } = threeTier();
  const containers = json.resource.docker_container;

  test("every condition becomes Terraform depends_on, in order", () => {
    const byName = (name: string) => Object.values<Record<string, unknown>>(containers).find((c) => c.name === name)!;
    expect(byName("test-api").depends_on).toEqual([
      expect.stringMatching(/^docker_container\.Migrate_\w+$/),
      expect.stringMatching(/^docker_container\.Db_\w+$/),
    ]);
    expect(byName("test-migrate").depends_on).toEqual([expect.stringMatching(/^docker_container\.Db_\w+$/)]);
  });

  test("HEALTHY makes deploy wait for the dependency's healthcheck", () => {
    const db = Object.values<Record<string, unknown>>(containers).find((c) => c.name === "test-db")!;
    expect(db.wait).toBe(true);
  });

  test("COMPLETED_SUCCESSFULLY waits for the exit and fails the deploy on a non-zero code", () => {
    const migrate = Object.values<Record<string, unknown>>(containers).find((c) => c.name === "test-migrate")!;
    expect(migrate.attach).toBe(true);
    expect(migrate.must_run).toBe(false);
    expect(migrate.lifecycle).toEqual({
      postcondition: [
        { condition: "${self.exit_code == 0}", error_message: expect.stringContaining("docker logs test-migrate") },
      ],
    });
  });

  test("the getter lists what was added, as copies", () => {
    expect(api.dependsOn.map((d) => [d.container.node.id, d.condition])).toEqual([
      ["Migrate", DependencyCondition.COMPLETED_SUCCESSFULLY],
      ["Db", DependencyCondition.STARTED],
    ]);
  });
});

describe("Container dependency mistakes fail synth with the fix", () => {
  test("healthy without a healthcheck", () => {
    const stack = testStack();
    const db = new Container(stack, "Db", { image: pinnedImage(stack) });
    expect(
      () =>
        new Container(stack, "Api", {
          image: pinnedImage(stack, "I2"),
          dependsOn: [{ container: db, condition: DependencyCondition.HEALTHY }],
        }),
    ).toThrow(
      "[test/Api] depends on test/Db being healthy, but it has no healthcheck. Fix: give test/Db a healthcheck, or use DependencyCondition.STARTED",
    );
  });

  test("completed successfully on a container that keeps running", () => {
    const stack = testStack();
    const db = new Container(stack, "Db", { image: pinnedImage(stack) });
    expectDefinitionError(
      () =>
        new Container(stack, "Api", {
          image: pinnedImage(stack, "I2"),
          dependsOn: [{ container: db, condition: DependencyCondition.COMPLETED_SUCCESSFULLY }],
        }),
      ErrorCode.DEPENDENCY_CONDITION_UNMET,
      "[test/Api] depends on test/Db completing successfully, but it is meant to keep running (mustRun is true). Fix: set mustRun: false on test/Db",
    );
  });

  test("healthy on a one-shot", () => {
    const stack = testStack();
    const job = new Container(stack, "Job", {
      image: pinnedImage(stack),
      mustRun: false,
      healthcheck: Healthcheck.fromShell("true"),
    });
    expect(
      () =>
        new Container(stack, "Api", {
          image: pinnedImage(stack, "I2"),
          dependsOn: [{ container: job, condition: DependencyCondition.HEALTHY }],
        }),
    ).toThrow("use DependencyCondition.COMPLETED_SUCCESSFULLY");
  });

  test("itself, twice, a cycle, another stack, an unknown condition", () => {
    const app = testApp();
    const stack = new DockerStack(app, "one");
    const a = new Container(stack, "A", { image: pinnedImage(stack) });
    const b = new Container(stack, "B", { image: pinnedImage(stack, "I2"), dependsOn: [{ container: a }] });
    expectDefinitionError(
      () => a.addDependency(a),
      ErrorCode.DEPENDENCY_CYCLE,
      "[one/A] a container cannot depend on itself",
    );
    expectDefinitionError(
      () => b.addDependency(a, DependencyCondition.STARTED),
      ErrorCode.DUPLICATE_ENTRY,
      "[one/B] depends on one/A twice",
    );
    expectDefinitionError(
      () => a.addDependency(b),
      ErrorCode.DEPENDENCY_CYCLE,
      "[one/A] depending on one/B makes a cycle",
    );
    const other = new DockerStack(app, "two");
    const c = new Container(other, "C", { image: pinnedImage(other) });
    expectDefinitionError(
      () => c.addDependency(a),
      ErrorCode.INVALID_DEPENDENCY,
      "[two/C] depends on one/A, which is in another stack",
    );
    expect(() =>
      c.addDependency(new Container(other, "D", { image: pinnedImage(other, "I2") }), "healthy" as DependencyCondition),
    ).toThrow(
      "[two/C] unknown dependency condition 'healthy'. Fix: use one of DependencyCondition: service_started, service_healthy, service_completed_successfully",
    );
  });
});

describe("Service names (Compose-style network aliases)", () => {
  test("the construct id in lower case, on every bridge network, besides the Docker name", () => {
    const stack = testStack();
    const back = new BridgeNetwork(stack, "Back");
    new Container(stack, "Db", { image: pinnedImage(stack), network: back, networkOptions: { aliases: ["postgres"] } });
    const [db] = Object.values<{ networks_advanced: unknown }>(synthJson(stack).resource.docker_container);
    expect(db.networks_advanced).toEqual([
      { name: "${docker_network.Back_BD5975DB.name}", aliases: ["db", "postgres"] },
    ]);
  });

  test("serviceName overrides it", () => {
    const stack = testStack();
    const c = new Container(stack, "PrimaryDatabase", { image: pinnedImage(stack), serviceName: "db" });
    expect(c.serviceName).toBe("db");
    expect(c.networkAttachments[0].aliases).toEqual(["db"]);
  });

  test("two containers cannot hold one service name on a network", () => {
    const stack = testStack();
    new Container(stack, "Db", { image: pinnedImage(stack) });
    expectDefinitionError(
      () => new Container(stack, "Db2", { image: pinnedImage(stack, "I2"), serviceName: "db" }),
      ErrorCode.SERVICE_NAME_TAKEN,
      "[test/Db2] service name 'db' is already taken on network test-default-network by test/Db. Fix: give one of the two containers another serviceName",
    );
  });

  test("names Docker would refuse as aliases", () => {
    const stack = testStack();
    const image = pinnedImage(stack);
    expectDefinitionError(
      () => new Container(stack, "My Api", { image }),
      ErrorCode.INVALID_SERVICE_NAME,
      "[test/My Api] construct id 'My Api' does not make a service name (network alias) Docker accepts. Fix: set serviceName",
    );
    expectDefinitionError(
      () => new Container(stack, "Api", { image, serviceName: "-api" }),
      ErrorCode.INVALID_SERVICE_NAME,
      "[test/Api] serviceName '-api' is not a name Docker accepts as a network alias",
    );
  });
});
