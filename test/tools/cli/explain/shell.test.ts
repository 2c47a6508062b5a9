// Every word explain prints must reach the program exactly as the stack has it.
import { spawnSync } from "child_process";
import * as fc from "fast-check";
import { concat, quote, renderWord, shell } from "../../../../tools/cli/explain/shell";

/** What bash passes to a program for each printed word (one per line, NUL-free). */
function bashArgs(words: string[]): string[] {
  const out = spawnSync("bash", ["-c", `for a in ${words.join(" ")}; do printf '%s\\0' "$a"; done`], {
    encoding: "utf8",
    env: { HOME: "/home/someone", PATH: process.env.PATH },
  });
  expect(out.status).toBe(0);
  return out.stdout.split("\0").slice(0, -1);
}

test("quoted text reaches the program unchanged, control characters and quotes included", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.string({
          unit: fc.constantFrom(
            "a",
            "'",
            '"',
            "$",
            "`",
            "\\",
            " ",
            "\n",
            "\r",
            "\t",
            "!",
            "{",
            "}",
            "*",
            "~",
            "=",
            ":",
            "é",
          ),
        }),
        { minLength: 1, maxLength: 5 },
      ),
      (texts) => {
        expect(bashArgs(texts.map(quote))).toEqual(texts);
      },
    ),
    { numRuns: 60 },
  );
});

test("safe text stays bare; the shorter quoting wins", () => {
  expect(quote("127.0.0.1:18080:8080/tcp")).toBe("127.0.0.1:18080:8080/tcp");
  expect(quote("node.role == manager")).toBe("'node.role == manager'");
  expect(quote("it's")).toBe(`"it's"`);
  expect(quote("a\nb")).toBe("$'a\\nb'");
});

test("computed parts expand when the command runs, literal parts do not", () => {
  const word = concat(shell("$HOME"), "/.cache/$not-expanded", "/x");
  expect(renderWord(word)).toBe('"$HOME/.cache/\\$not-expanded/x"');
  expect(bashArgs([renderWord(word)])).toEqual(["/home/someone/.cache/$not-expanded/x"]);
});
