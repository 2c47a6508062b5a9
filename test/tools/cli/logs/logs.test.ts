import { PassThrough } from "stream";
import Modem from "docker-modem";
import { UsageError, CliError } from "../../../../tools/cli/command";
import { parseTail, PrefixedLines, prefixes } from "../../../../tools/cli/logs/lines";
import { pickSources } from "../../../../tools/cli/logs/command";
import { type LogSource, logRequest, pipeLog } from "../../../../tools/cli/logs/sources";

/** One frame of Docker's multiplexed log stream: [stream, 0, 0, 0, size (big-endian)] then the bytes. */
function frame(stream: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text, "utf8");
  const header = Buffer.alloc(8);
  header.writeUInt8(stream, 0);
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

const WEB: LogSource = { name: "dev-web", kind: "container", id: "c1", tty: false };
const QUEUE: LogSource = { name: "dev-queue", kind: "service", id: "s1", tty: false };

/** Feeds chunks into the real demuxer and line writers; resolves with what would reach the terminal. */
async function show(source: LogSource, chunks: Buffer[]): Promise<string> {
  let out = "";
  const write = (text: string) => void (out += text);
  const stream = new PassThrough();
  const done = pipeLog(
    new Modem(),
    stream,
    source,
    new PrefixedLines("web | ", write),
    new PrefixedLines("web! | ", write),
  );
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  await done;
  return out;
}

describe("log lines", () => {
  test("names padded to the longest, coloured only when asked (a terminal)", () => {
    expect([...prefixes(["dev-web", "dev-worker"], false).values()]).toEqual(["dev-web    | ", "dev-worker | "]);
    expect([...prefixes(["a", "b"], true).values()]).toEqual(["\u001b[36ma | \u001b[0m", "\u001b[33mb | \u001b[0m"]);
  });

  test("stdout and stderr frames are demultiplexed, each line prefixed, a line split across frames and chunks kept whole", async () => {
    const bytes = Buffer.concat([frame(1, "first\nsec"), frame(2, "oops\r\n"), frame(1, "ond\nno newline at the end")]);
    // Cut mid-header and mid-body, as a socket may deliver it.
    const out = await show(WEB, [bytes.subarray(0, 5), bytes.subarray(5, 20), bytes.subarray(20)]);
    expect(out).toBe("web | first\nweb! | oops\nweb | second\nweb | no newline at the end\n");
  });

  test("a TTY container's log is one raw stream, not demultiplexed", async () => {
    expect(await show({ ...WEB, tty: true }, [Buffer.from("\u0001raw tty line\n")])).toBe("web | \u0001raw tty line\n");
  });

  test("--tail: a whole number or all", () => {
    expect([parseTail(undefined), parseTail("all"), parseTail("007"), parseTail("-1"), parseTail("ten")]).toEqual([
      "all",
      "all",
      "7",
      "",
      "",
    ]);
  });
});

describe("which logs are read", () => {
  test("the Engine API's log endpoint of a container and of a service, with the options", () => {
    expect(logRequest(WEB, { follow: true, tail: "1", timestamps: false })).toEqual({
      path: "/containers/c1/logs?",
      query: { stdout: true, stderr: true, follow: true, tail: "1", timestamps: false },
    });
    expect(logRequest(QUEUE, { follow: false, tail: "all", timestamps: true }).path).toBe("/services/s1/logs?");
  });

  test("all when no name is given; a name not in the stack is a usage error listing the known ones; a declared one that is gone says to deploy", () => {
    expect(pickSources("dev", [QUEUE, WEB], [], [])).toEqual([QUEUE, WEB]);
    expect(pickSources("dev", [QUEUE, WEB], ["dev-web"], [])).toEqual([WEB]);
    expect(() => pickSources("dev", [QUEUE, WEB], ["nope"], [])).toThrow(
      new UsageError("no container or service 'nope' in stack 'dev'. Known: dev-queue, dev-web"),
    );
    expect(() => pickSources("dev", [WEB], ["dev-api"], ["dev-api", "dev-web"])).toThrow(
      new CliError("'dev-api' of stack 'dev' is not on the engine (missing). Fix: deploy the stack again"),
    );
  });
});
