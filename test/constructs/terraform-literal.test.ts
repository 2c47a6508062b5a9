import { Lazy, Token } from "cdktf";
import { literal, literalMap } from "../../constructs/private/terraform-literal";

test("shell and template syntax is escaped for Terraform", () => {
  expect(literal("echo ${PORT:-8080}")).toBe("echo $${PORT:-8080}");
  expect(literal("%{ if x }")).toBe("%%{ if x }");
  expect(literal("$${already}")).toBe("$$${already}");
  expect(literal("plain $HOME and 100%")).toBe("plain $HOME and 100%");
});

test("cdktf tokens stay live inside a string", () => {
  const token = Token.asString(Lazy.stringValue({ produce: () => "x" }));
  expect(literal(`${token}:\${X}`)).toBe(`${token}:$\${X}`);
  expect(literalMap({ "${K}": "${V}" })).toEqual({ "$${K}": "$${V}" });
});
