import { spawn } from "child_process";

const TERRAFORM = process.env.TERRAFORM_BINARY_NAME ?? "terraform";

/** `terraform apply <saved plan>`, its output passed through; the exit code. */
export function applySavedPlan(dir: string, planFile: string, lockTimeout: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(TERRAFORM, ["apply", "-input=false", "-no-color", `-lock-timeout=${lockTimeout}s`, planFile], {
      cwd: dir,
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", () => resolve(1));
    child.on("close", (code) => resolve(code ?? 1));
  });
}
