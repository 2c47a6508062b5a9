import * as fs from "fs";
import * as path from "path";
import type Modem from "docker-modem";
import {
  readServiceView,
  rolloutOf,
  rolloutTimeoutSeconds,
  type ServiceView,
  stackServices,
  waitForRollouts,
} from "../../../../tools/cli/deploy/swarm-rollout";

// Real Engine API answers (Docker 20.10), recorded by test/fixtures/swarm-rollout/record.ts: one
// service of 2 replicas taken through each state Swarm reports.
const FIXTURES = path.join(__dirname, "..", "..", "..", "fixtures", "swarm-rollout");
const recorded = (name: string): ServiceView =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), "utf8"));
const NAME = recorded("create-done").service.Spec.Name;

/** Answers the three requests of each read with the next recorded view (the last one again once they run out). */
function replay(views: ServiceView[], missing = false) {
  const requests: { path: string; options?: unknown }[] = [];
  let round = -1;
  const modem = {
    dial(
      opts: { path: string; options?: { filters?: Record<string, string[]> } },
      callback: (err: unknown, data?: unknown) => void,
    ) {
      requests.push({ path: opts.path, options: opts.options });
      if (opts.path.startsWith("/services/")) round++;
      const view = views[Math.min(round, views.length - 1)];
      if (missing) callback(Object.assign(new Error("no such service"), { statusCode: 404 }));
      else if (opts.path.startsWith("/services/")) callback(null, view.service);
      else if (opts.options?.filters?.["_up-to-date"])
        callback(
          null,
          view.tasks.filter((t) => view.upToDate.includes(t.ID)),
        );
      else callback(null, view.tasks);
    },
  };
  return { modem: modem as unknown as Modem, requests };
}

/** A non-TTY stream that keeps what is written. */
function sink() {
  const written: string[] = [];
  return { out: { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream, written };
}

test("each recorded state: done only when Swarm is not updating and exactly the replicas run the current spec", () => {
  const phases = [
    "create-starting",
    "create-done",
    "update-in-progress",
    "update-completed",
    "rollback-started",
    "rollback-completed",
    "update-paused",
    "rollback-paused",
  ].map((name) => [name, recorded(name).service.UpdateStatus?.State ?? "-", rolloutOf(recorded(name)).phase]);
  expect(phases).toEqual([
    ["create-starting", "-", "waiting"],
    ["create-done", "-", "done"],
    ["update-in-progress", "updating", "waiting"],
    ["update-completed", "completed", "done"],
    ["rollback-started", "rollback_started", "waiting"],
    ["rollback-completed", "rollback_completed", "failed"],
    ["update-paused", "paused", "failed"],
    ["rollback-paused", "rollback_paused", "failed"],
  ]);
  expect(rolloutOf(recorded("update-in-progress"))).toEqual({
    phase: "waiting",
    progress: "updating, 0/2 tasks running the current spec, 2 old one(s) still running",
  });
  expect(rolloutOf(recorded("create-starting"))).toEqual({
    phase: "waiting",
    progress: "starting, 0/2 tasks running the current spec",
  });
});

test("an update Swarm calls completed is not done while an old task still runs, nor while a replica is missing", () => {
  const completed = recorded("update-completed");
  const running = completed.tasks.filter((t) => t.Status?.State === "running");
  expect(running.map((t) => completed.upToDate.includes(t.ID))).toEqual([true, true]);
  // One of the two current tasks is still the old one (not up to date): the old version could answer.
  const oldStillRunning = { ...completed, upToDate: completed.upToDate.filter((id) => id !== running[0].ID) };
  expect(rolloutOf(oldStillRunning)).toEqual({
    phase: "waiting",
    progress: "update completed, 1/2 tasks running the current spec, 1 old one(s) still running",
  });
  const oneMissing = { ...completed, tasks: completed.tasks.filter((t) => t.ID !== running[0].ID) };
  expect(rolloutOf(oneMissing)).toEqual({
    phase: "waiting",
    progress: "update completed, 1/2 tasks running the current spec",
  });
});

test("a rollback, a paused update and a paused rollback each say what Swarm said, the task's error and what to do", () => {
  expect(rolloutOf(recorded("rollback-completed"))).toEqual({
    phase: "failed",
    problem:
      'Swarm rolled the update back (rollback_completed: "rollback completed"); its last failed task: "task: non-zero exit (137): dockerexec: unhealthy container"; the service runs its previous spec, not the one deployed',
    fix: `see why with \`docker service ps ${NAME} --no-trunc\`, fix the version and deploy again`,
  });
  const paused = rolloutOf(recorded("update-paused"));
  expect(paused).toEqual({
    phase: "failed",
    problem: expect.stringMatching(
      /^Swarm paused the update \(paused: "update paused due to failure or early termination of task \w+"\); its last failed task: "task: non-zero exit \(137\): dockerexec: unhealthy container"; /,
    ),
    fix: `see why with \`docker service ps ${NAME} --no-trunc\`; deploy a version that works, or go back with \`docker service rollback ${NAME}\``,
  });
  expect(rolloutOf(recorded("rollback-paused"))).toMatchObject({
    phase: "failed",
    problem: expect.stringMatching(/^Swarm paused the rollback of a failed update \(rollback_paused: /),
  });
});

test("the time allowed follows the update and rollback policies, the healthcheck and the replicas, within 60 s to the cap", () => {
  // Per task: 30 s + healthcheck (1 s interval + 1 s timeout) x 1 retry + 1 s stop grace = 33 s;
  // update: 2 batches x (33 + 1 s delay + 3 s monitor) = 74; it rolls back: 2 x (33 + 0 + 3) = 72.
  const service = recorded("create-done").service;
  expect(rolloutTimeoutSeconds(service)).toBe(146);
  expect(rolloutTimeoutSeconds({ ...service, Spec: { ...service.Spec, Mode: { Replicated: { Replicas: 40 } } } })).toBe(
    900,
  );
  expect(
    rolloutTimeoutSeconds({ ...service, Spec: { ...service.Spec, Mode: { Replicated: { Replicas: 40 } } } }, 1200),
  ).toBe(1200);
  // Swarm's defaults (one at a time, no delay, 5 s monitor, pause on failure), no healthcheck, 10 s stop grace.
  expect(rolloutTimeoutSeconds({ ID: "x", Spec: { Name: "plain", Mode: { Replicated: { Replicas: 3 } } } })).toBe(
    3 * (30 + 10 + 5),
  );
  expect(rolloutTimeoutSeconds({ ID: "x", Spec: { Name: "plain", Mode: { Replicated: { Replicas: 1 } } } })).toBe(60);
});

test("the services come from the state the apply wrote (IDs), else from the configuration's literal names", () => {
  const state = {
    resources: [
      {
        mode: "managed",
        type: "docker_service",
        name: "Api_1A2B",
        instances: [{ attributes: { id: "svc123", name: "swarm-api" } }],
      },
      { mode: "managed", type: "docker_network", name: "Edge", instances: [{ attributes: { id: "net1" } }] },
    ],
  };
  const config = { resource: { docker_service: { Api_1A2B: { name: "swarm-api" }, Db: { name: "${var.x}" } } } };
  expect(stackServices(state, config)).toEqual([{ address: "docker_service.Api_1A2B", ref: "svc123" }]);
  expect(stackServices(undefined, config)).toEqual([{ address: "docker_service.Api_1A2B", ref: "swarm-api" }]);
});

test("a read asks for the service, its tasks and the tasks Swarm counts as up to date", async () => {
  const { modem, requests } = replay([recorded("create-done")]);
  const view = await readServiceView(modem, "svc123");
  expect(view).toEqual(recorded("create-done"));
  expect(requests).toEqual([
    { path: "/services/svc123", options: undefined },
    { path: "/tasks?", options: { filters: { service: ["svc123"] } } },
    { path: "/tasks?", options: { filters: { service: ["svc123"], "_up-to-date": ["true"] } } },
  ]);
});

test("waiting: returns once the rollout is done, saying so in two lines when not on a terminal", async () => {
  const { modem } = replay(["update-in-progress", "update-in-progress", "update-completed"].map(recorded));
  const { out, written } = sink();
  const problems = await waitForRollouts({
    stack: "swarm",
    services: [{ address: "docker_service.Api", ref: "svc" }],
    modem,
    out,
    pollMs: 1,
  });
  expect(problems).toEqual([]);
  expect(written).toEqual([
    `[deploy] swarm: waiting for Swarm to roll out ${NAME} (at most 146 s)\n`,
    expect.stringMatching(/^\[deploy\] swarm: Swarm rolled out every service in \d+\.\d s\n$/),
  ]);
});

test("waiting through a rollback ends in one line naming the service, with Swarm's message and the fix", async () => {
  const { modem } = replay(["update-in-progress", "rollback-started", "rollback-completed"].map(recorded));
  const { out } = sink();
  const problems = await waitForRollouts({
    stack: "swarm",
    services: [{ address: "docker_service.Api", ref: "svc" }],
    modem,
    out,
    pollMs: 1,
  });
  expect(problems).toEqual([
    `[deploy] swarm: service ${NAME} (docker_service.Api): Swarm rolled the update back (rollback_completed: "rollback completed"); its last failed task: "task: non-zero exit (137): dockerexec: unhealthy container"; the service runs its previous spec, not the one deployed. ` +
      `Fix: see why with \`docker service ps ${NAME} --no-trunc\`, fix the version and deploy again.`,
  ]);
});

test("out of time: one line with where Swarm stands and how to wait longer; a service gone: one line", async () => {
  const { modem } = replay([recorded("update-in-progress")]);
  const { out } = sink();
  const problems = await waitForRollouts({
    stack: "swarm",
    services: [{ address: "docker_service.Api", ref: "svc" }],
    modem,
    out,
    pollMs: 20,
    timeoutSeconds: 0.01,
  });
  const [line, ...more] = problems;
  expect(more).toEqual([]);
  expect(line.startsWith(`[deploy] swarm: service ${NAME} (docker_service.Api) has not rolled out after `)).toBe(true);
  expect(line).toContain(
    " s (Swarm: updating, 0/2 tasks running the current spec, 2 old one(s) still running). Fix: see why with ",
  );
  expect(line.endsWith("deploy with a longer --rollout-timeout <seconds> (this one: 0.01).")).toBe(true);
  const gone = replay([recorded("create-done")], true);
  expect(
    await waitForRollouts({
      stack: "swarm",
      services: [{ address: "docker_service.Api", ref: "svc" }],
      modem: gone.modem,
      out,
      pollMs: 1,
    }),
  ).toEqual([
    "[deploy] swarm: docker_service.Api (svc) is not on the engine after the apply. Fix: `docker service ls` shows the services; deploy again with --full",
  ]);
});

test("on a terminal, one progress line is rewritten in place and cleared before the last line", async () => {
  const { modem } = replay(["update-in-progress", "update-completed"].map(recorded));
  const written: string[] = [];
  const out = { isTTY: true, columns: 200, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
  expect(
    await waitForRollouts({
      stack: "swarm",
      services: [{ address: "docker_service.Api", ref: "svc" }],
      modem,
      out,
      pollMs: 1,
    }),
  ).toEqual([]);
  const progress = written[1];
  expect(progress.replace(/^\[deploy\] swarm: \d+ s: /, "")).toBe(
    `${NAME} updating, 0/2 tasks running the current spec, 2 old one(s) still running`,
  );
  expect(written).toEqual([
    `[deploy] swarm: waiting for Swarm to roll out ${NAME} (at most 146 s)\n`,
    progress,
    `\r${" ".repeat(progress.length)}\r`,
    expect.stringMatching(/^\[deploy\] swarm: Swarm rolled out every service in \d+\.\d s\n$/),
  ]);
});
