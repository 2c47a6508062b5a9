import * as fs from "fs";
import * as path from "path";
import {
  BridgeNetwork,
  Container,
  DependencyCondition,
  ErrorCode,
  Healthcheck,
  ImmutableImage,
  Network,
  RegistryImage,
  UpdateOrder,
  Volume,
} from "../../constructs";
import { expectDefinitionError, synthJson, testStack } from "../helpers";
import { copyContext, removeContextCopies, warningsOf } from "./support";

const DIGEST = `busybox@sha256:${"a".repeat(64)}`;
const healthcheck = Healthcheck.fromCommand(["true"], { intervalSeconds: 2, retries: 15, timeoutSeconds: 10 });

afterAll(removeContextCopies);

function startFirst(
  define: (stack: ReturnType<typeof testStack>, image: RegistryImage) => void = () => undefined,
  reference = DIGEST,
) {
  const stack = testStack();
  const image = new RegistryImage(stack, "Image", { reference });
  const api = new Container(stack, "Api", {
    image,
    healthcheck,
    updateOrder: UpdateOrder.START_FIRST,
    environment: { A: "1" },
  });
  define(stack, image);
  return { stack, api };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function containerNamed(json: any, prefix: string): any {
  return Object.values<{ name: string }>(json.resource.docker_container).find((c) => c.name.startsWith(prefix));
}

describe("Container updateOrder START_FIRST", () => {
  test("create_before_destroy, a wait for health, and a name of its own per content", () => {
    const { stack, api } = startFirst();
    const resource = containerNamed(synthJson(stack), "test-api-");
    expect(resource.name).toMatch(/^test-api-[0-9a-f]{12}$/);
    expect(resource.name).toBe(api._plainName);
    expect(resource.lifecycle).toEqual({ create_before_destroy: true });
    expect(resource.wait).toBe(true);
    // At least Docker's worst case for the healthcheck to fail, and the provider's default 60 s.
    expect(resource.wait_timeout).toBe(Math.max(60, Math.ceil(healthcheck._failureSeconds())));
    // The service name stays what others reach it by.
    expect(resource.networks_advanced[0].aliases).toEqual(["api"]);
  });

  test("the name does not depend on this machine's home or cache folder (a secret mounted from the cache)", () => {
    const nameOn = (home: string, cache: string | undefined) => {
      const saved = { HOME: process.env.HOME, DOCKER_IAC_CACHE: process.env.DOCKER_IAC_CACHE };
      process.env.HOME = home;
      if (cache === undefined) delete process.env.DOCKER_IAC_CACHE;
      else process.env.DOCKER_IAC_CACHE = cache;
      try {
        const { api } = startFirst();
        api.mountHostPath(
          "/run/secrets/db_password",
          path.join(cache ?? path.join(home, ".cache", "docker-iac"), "secrets", "test-db-password"),
        );
        return api._plainName;
      } finally {
        for (const [key, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
      }
    };
    const here = nameOn("/home/alice", undefined);
    expect(nameOn("/root", undefined)).toBe(here);
    expect(nameOn("/home/bob", "/srv/docker-iac-cache")).toBe(here);
    // A mount from elsewhere is another container.
    const { api } = startFirst();
    api.mountHostPath("/run/secrets/db_password", "/srv/app/db-password");
    expect(api._plainName).not.toBe(here);
  });

  test("the name changes with the image and settings that replace the container, not with in-place ones", () => {
    const nameWith = (change: (api: Container) => void, reference = DIGEST) => {
      const { api } = startFirst(undefined, reference);
      change(api);
      return api._plainName;
    };
    const base = nameWith(() => undefined);
    expect(nameWith(() => undefined)).toBe(base);
    expect(nameWith((api) => api.addEnvironment("B", "2"))).not.toBe(base);
    expect(nameWith(() => undefined, `busybox@sha256:${"b".repeat(64)}`)).not.toBe(base);
    // memory, cpu shares and the restart policy are updated in place (docker update): no new name.
    expect(
      nameWith((api) => {
        api.resource.memory = 99;
        api.resource.cpuShares = 100;
      }),
    ).toBe(base);
  });

  test("an immutable image's content tag is part of the name", () => {
    const names = ["1", "2"].map((version) => {
      const context = copyContext();
      fs.writeFileSync(path.join(context, "VERSION"), version);
      const stack = testStack();
      const image = new ImmutableImage(stack, "Image", { context });
      return new Container(stack, "Api", { image, healthcheck, updateOrder: UpdateOrder.START_FIRST })._plainName;
    });
    expect(names[0]).not.toBe(names[1]);
  });

  test("stop-first (the default) keeps the plain name and no lifecycle", () => {
    const stack = testStack();
    new Container(stack, "Web", { image: new RegistryImage(stack, "Image", { reference: DIGEST }) });
    const resource = containerNamed(synthJson(stack), "test-web");
    expect(resource.name).toBe("test-web");
    expect(resource.lifecycle).toBeUndefined();
  });

  test("a one-shot start-first dependency: its postcondition names it through Terraform", () => {
    const stack = testStack();
    const image = new RegistryImage(stack, "Image", { reference: DIGEST });
    const migrate = new Container(stack, "Migrate", { image, mustRun: false, updateOrder: UpdateOrder.START_FIRST });
    new Container(stack, "Api", {
      image,
      healthcheck,
      updateOrder: UpdateOrder.START_FIRST,
      dependsOn: [{ container: migrate, condition: DependencyCondition.COMPLETED_SUCCESSFULLY }],
    });
    const resource = containerNamed(synthJson(stack), "test-migrate-");
    expect(resource.lifecycle).toMatchObject({
      create_before_destroy: true,
      postcondition: [{ error_message: expect.stringContaining("docker logs ${self.name}") }],
    });
    expect(resource.wait).toBe(false);
  });

  test("refuses what the old and the new copy cannot share", () => {
    const stack = testStack();
    const image = new RegistryImage(stack, "Image", { reference: DIGEST });
    const props = { image, healthcheck, updateOrder: UpdateOrder.START_FIRST };
    expectDefinitionError(
      () => new Container(stack, "A", { ...props, containerName: "fixed" }),
      ErrorCode.START_FIRST_CONFLICT,
      "[test/A] update order start-first with containerName 'fixed': the new container cannot take the name while the old one holds it",
    );
    expectDefinitionError(
      () => new Container(stack, "B", { ...props, portForwards: [{ containerPort: 80, hostPort: 18999 }] }),
      ErrorCode.START_FIRST_HOST_PORT,
      "[test/B] update order start-first with host port 18999",
    );
    expectDefinitionError(
      () => new Container(stack, "C", { ...props, network: Network.HOST }),
      ErrorCode.START_FIRST_CONFLICT,
      /network mode host/,
    );
    const net = new BridgeNetwork(stack, "Net", { subnet: "10.99.0.0/24" });
    expectDefinitionError(
      () => new Container(stack, "D", { ...props, network: net, networkOptions: { ipv4Address: "10.99.0.5" } }),
      ErrorCode.START_FIRST_CONFLICT,
      /static address 10\.99\.0\.5/,
    );
    expectDefinitionError(
      () => new Container(stack, "E", { image, updateOrder: UpdateOrder.START_FIRST }),
      ErrorCode.HEALTHCHECK_REQUIRED,
      /without a healthcheck/,
    );
    const tagged = new RegistryImage(stack, "Tagged", { reference: "busybox:1.37.0" });
    expectDefinitionError(
      () => new Container(stack, "F", { ...props, image: tagged }),
      ErrorCode.START_FIRST_CONFLICT,
      /image 'busybox:1.37.0', which does not name its content/,
    );
    expectDefinitionError(
      () => new Container(stack, "G", { ...props, updateOrder: "sideways" as UpdateOrder }),
      ErrorCode.UNKNOWN_VALUE,
      /unknown updateOrder 'sideways'/,
    );
  });

  test("a port forward without a fixed host port is fine", () => {
    const { api } = startFirst();
    expect(api.addPortForward(8080).hostPort).toBeUndefined();
  });

  test("refuses a stop-first dependency, which Terraform would make create-before-destroy under its fixed name", () => {
    const stack = testStack();
    const image = new RegistryImage(stack, "Image", { reference: DIGEST });
    const db = new Container(stack, "Db", { image, healthcheck });
    expectDefinitionError(
      () =>
        new Container(stack, "Api", {
          image,
          healthcheck,
          updateOrder: UpdateOrder.START_FIRST,
          dependsOn: [{ container: db, condition: DependencyCondition.HEALTHY }],
        }),
      ErrorCode.START_FIRST_DEPENDENCY,
      /depends on test\/Db, which is stop-first/,
    );
  });

  test("warns about a writable volume two copies share", () => {
    const { stack, api } = startFirst();
    api.mountVolume("/data", new Volume(stack, "Data"));
    api.mountVolume("/ro", new Volume(stack, "Ro"), { readOnly: true });
    expect(warningsOf(api).filter((w) => w.includes("start-first"))).toEqual([
      expect.stringContaining("writable volume at /data"),
    ]);
  });
});
