// The files `docker-iac init` writes: a cdktf TypeScript project with one DockerStack, as text.
// Kept in code (not as files beside it) so the compiled command carries them with nothing to copy.

/**
 * What the new project pins. The versions this package is built and tested with (its own
 * devDependencies; test/tools/cli/init checks they agree), plus tsx, which runs main.ts
 * without a compile step (esbuild: about 0.1 s, where ts-node type-checks for seconds).
 */
export const TEMPLATE_VERSIONS = {
  cdktf: "0.21.0",
  constructs: "10.4.2",
  "@cdktf/provider-docker": "12.0.3",
  tsx: "4.20.6",
  typescript: "5.9.3",
  "@types/node": "20.19.9",
  jest: "30.2.0",
  "@swc/core": "1.13.5",
  "@swc/jest": "0.2.39",
  "@types/jest": "30.0.0",
} as const;

/** The base image the Dockerfile builds on when the context value `baseImage` is not given. */
export const DEFAULT_BASE_IMAGE = "busybox:1.37.0";

/** The host port (on 127.0.0.1) the template's web server answers on. */
export const DEFAULT_HOST_PORT = 8080;

export interface TemplateOptions {
  /** The package name, also the stack's id (so its Docker objects are `<name>-web`). */
  readonly name: string;
  /** The dependency spec of docker-iac: a version, or `file:` a tarball. */
  readonly dockerIac: string;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Every file of the new project, by path relative to its folder. */
export function projectFiles({ name, dockerIac }: TemplateOptions): Record<string, string> {
  const v = TEMPLATE_VERSIONS;
  return {
    "cdktf.json": json({
      language: "typescript",
      // `node --import tsx`: no npx lookup and no second process on every synth.
      app: "node --import tsx main.ts",
      output: "cdktf.out",
      sendCrashReports: "false",
      terraformProviders: [],
      terraformModules: [],
    }),
    "package.json": json({
      name,
      version: "0.1.0",
      private: true,
      // `node --import tsx` (cdktf.json "app") needs Node's module hooks, from 20.6.
      engines: { node: ">=20.6" },
      scripts: {
        plan: "docker-iac plan",
        deploy: "docker-iac deploy",
        destroy: "docker-iac destroy",
        test: "jest",
        typecheck: "tsc --noEmit",
      },
      dependencies: {
        "@cdktf/provider-docker": v["@cdktf/provider-docker"],
        cdktf: v.cdktf,
        constructs: v.constructs,
        "docker-iac": dockerIac,
      },
      devDependencies: {
        "@swc/core": v["@swc/core"],
        "@swc/jest": v["@swc/jest"],
        "@types/jest": v["@types/jest"],
        "@types/node": v["@types/node"],
        jest: v.jest,
        tsx: v.tsx,
        typescript: v.typescript,
      },
      jest: {
        testEnvironment: "node",
        testPathIgnorePatterns: ["/node_modules/", "/cdktf.out/"],
        transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }] },
      },
    }),
    "tsconfig.json": json({
      compilerOptions: {
        target: "ES2022",
        module: "commonjs",
        lib: ["ES2022"],
        strict: true,
        esModuleInterop: true,
        skipLibCheck: true,
        forceConsistentCasingInFileNames: true,
        noEmit: true,
        types: ["node", "jest"],
      },
      include: ["**/*.ts"],
      exclude: ["node_modules", "cdktf.out"],
    }),
    "main.ts": `// The cdktf app: \`npx docker-iac deploy\` runs it (cdktf.json "app") and applies what it writes.
// DockerApp, not cdktf's App: it checks all stacks together (a host port or a name taken twice)
// and prints a mistake as one line with its fix.
import { DockerApp } from "docker-iac";
import { WebStack } from "./web-stack";

const app = new DockerApp();
new WebStack(app, ${JSON.stringify(name)}, { hostPort: ${DEFAULT_HOST_PORT} });
app.synth();
`,
    "web-stack.ts": `import * as path from "path";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { Container, DockerStack, DockerStackProps, Healthcheck, ImmutableImage } from "docker-iac";

export interface WebStackProps extends DockerStackProps {
  /**
   * The port on 127.0.0.1 that serves the page.
   * @default ${DEFAULT_HOST_PORT}
   */
  readonly hostPort?: number;
}

/** One small web server: an image built from ./web, and a container started from it. */
export class WebStack extends DockerStack {
  constructor(scope: Construct, id: string, props: WebStackProps = {}) {
    super(scope, id, props);
    const hostPort = props.hostPort ?? ${DEFAULT_HOST_PORT};

    // Rebuilt (under a new tag) whenever a file in ./web changes.
    const image = new ImmutableImage(this, "Image", {
      context: path.join(__dirname, "web"),
      // Any busybox image; without Docker Hub, name one the engine has (README: "Base image").
      buildArgs: { BASE_IMAGE: (this.node.tryGetContext("baseImage") as string | undefined) ?? ${JSON.stringify(DEFAULT_BASE_IMAGE)} },
    });

    new Container(this, "Web", {
      image,
      portForwards: [{ containerPort: 8080, hostPort }],
      healthcheck: Healthcheck.fromCommand(["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"], { intervalSeconds: 5 }),
    });

    new TerraformOutput(this, "url", { value: \`http://127.0.0.1:\${hostPort}/\` });
  }
}
`,
    "web-stack.test.ts": `// Synth only, no Docker: the Terraform the stack writes, against the snapshot last accepted
// (\`npx jest -u\` accepts a change), and the checks that matter most, spelled out.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { DockerApp } from "docker-iac";
import { WebStack } from "./web-stack";

// The snapshot must not depend on the shell: context given there (baseImage) changes the build.
delete process.env.CDKTF_CONTEXT_JSON;

function synth(): any {
  const app = new DockerApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "synth-")), reportErrors: false });
  return JSON.parse(Testing.synth(new WebStack(app, "test", { hostPort: 8080 })));
}

test("the web stack's Terraform matches the snapshot", () => {
  expect(synth()).toMatchSnapshot();
});

test("the page is published on 127.0.0.1 only", () => {
  const [web] = Object.values<any>(synth().resource.docker_container);
  expect(web.ports).toEqual([expect.objectContaining({ internal: 8080, external: 8080, ip: "127.0.0.1" })]);
});
`,
    "web/Dockerfile": `# A tiny web server: busybox's httpd serving ./www as an unprivileged user.
# BASE_IMAGE is any busybox image; web-stack.ts passes the context value baseImage.
ARG BASE_IMAGE=${DEFAULT_BASE_IMAGE}
FROM \${BASE_IMAGE}
COPY www/ /www/
EXPOSE 8080
USER 10001:10001
CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
`,
    "web/www/index.html": `<!doctype html>
<title>${name}</title>
<p>Hello from ${name}, deployed with docker-iac.</p>
`,
    ".gitignore": [
      "node_modules/",
      "cdktf.out/",
      ".terraform/",
      "*.tfstate",
      "*.tfstate.*",
      "# Compose secrets an imported stack reads at deploy",
      ".env",
      "",
    ].join("\n"),
    "README.md": `# ${name}

Docker as code with docker-iac on CDK for Terraform:
\`web-stack.ts\` defines a stack (an image built from \`web/\`, one container serving it on
http://127.0.0.1:${DEFAULT_HOST_PORT}/), \`main.ts\` creates it in a \`DockerApp\`.

Needs Node.js 20 or later, a Docker engine and Terraform on \`PATH\`.

\`\`\`sh
npm install                        # writes package-lock.json: commit it, CI then runs npm ci
npx docker-iac plan                # what would change
npx docker-iac deploy              # asks, then applies (--auto-approve when not on a terminal)
npx docker-iac ps                  # the containers, their state and health
npm test                           # the snapshot test (synth only, no Docker); the first run
                                   # writes __snapshots__/: commit it (jest in CI writes none)
npx docker-iac destroy
\`\`\`

**Base image.** \`web/Dockerfile\` builds on \`${DEFAULT_BASE_IMAGE}\` from Docker Hub. On a machine
without Docker Hub, give any busybox image the engine has as the cdktf context value
\`baseImage\`: \`export CDKTF_CONTEXT_JSON='{"baseImage":"my-mirror/busybox:1.37.0"}'\`.

**From Docker Compose.** \`npx docker-iac import compose.yaml --class ShopStack --out shop-stack.ts\`
writes a stack class; create it in \`main.ts\` (\`new ShopStack(app, "shop")\`). Secrets from
\`.env\` stay out of the code: they reach Terraform as sensitive variables at deploy.

\`npx docker-iac --help\` lists every command.
`,
  };
}
