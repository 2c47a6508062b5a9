import { ErrorCode, interpolate, InterpolationError } from "../../constructs";
import { definitionMessage } from "../../constructs/private/problem-report";
import { expectDefinitionError } from "../helpers";

const lookup = (name: string) => (({ SET: "1" }) as Record<string, string | undefined>)[name];

describe("interpolate() fails with a coded DefinitionError", () => {
  test.each([
    [
      "${UNSET:?set it}",
      "[interpolate] required variable UNSET is missing a value: set it. Fix: set the variable, or give a default with ${NAME:-default} (InvalidInterpolation)",
    ],
    ["${UNSET:?}", "[interpolate] required variable UNSET is missing a value. Fix:"],
    [
      "${SET",
      "[interpolate] invalid interpolation format in \"${SET\": '${' is never closed. Fix: write ${NAME}, ${NAME:-default} or $$ for a literal $ (InvalidInterpolation)",
    ],
    ["${1abc}", "[interpolate] invalid interpolation format for ${1abc}"],
  ])("%s", (text, message) => {
    const error = expectDefinitionError(() => interpolate(text, { lookup }), ErrorCode.INVALID_INTERPOLATION, message);
    expect(error).toBeInstanceOf(InterpolationError);
    expect((error as InterpolationError).code).toBe(ErrorCode.INVALID_INTERPOLATION);
  });

  test("uncaught in a stack definition, it prints as one problem line without a trace", () => {
    let error: unknown;
    try {
      interpolate("${UNSET:?set it}", { lookup });
    } catch (err) {
      error = err;
    }
    const message = definitionMessage(error);
    expect(message).toMatch(
      /^docker-iac found 1 problem\(s\); nothing was synthesized:\n {2}\[interpolate\] required variable UNSET .* \(InvalidInterpolation\)$/,
    );
  });

  test("the problem alone is there for callers that name their own place", () => {
    try {
      interpolate("${UNSET?}", { lookup });
    } catch (err) {
      expect((err as InterpolationError).problem).toBe("required variable UNSET is missing a value");
    }
  });
});
