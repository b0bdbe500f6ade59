import { describe, expect, it } from "vitest";
import { createProgress } from "./progress.js";

function terminal() {
  const stream = { output: "", isTTY: true, write: (chunk: string) => (stream.output += chunk) };
  return stream;
}

describe("createProgress", () => {
  it("is off when the stream is not a terminal", () => {
    expect(createProgress({ write: () => true })).toBeUndefined();
    expect(createProgress({ write: () => true, isTTY: false })).toBeUndefined();
  });

  it("redraws one line when the percentage changes, and always at the end", () => {
    const stream = terminal();
    const progress = createProgress(stream);
    progress?.status("cloning https://github.com/acme/mcp");
    for (let done = 1; done <= 400; done++) progress?.update(done, 400);
    const frames = stream.output.split("\r\u001b[2K").filter(Boolean);
    expect(frames[0]).toBe("cloning https://github.com/acme/mcp");
    expect(frames[1]).toBe("analyzing: 1/400 files (0%)");
    expect(frames.at(-1)).toBe("analyzing: 400/400 files (100%)");
    expect(frames).toHaveLength(1 + 101);
  });

  it("clears its line, once, and only if it drew one", () => {
    const stream = terminal();
    const progress = createProgress(stream);
    progress?.clear();
    expect(stream.output).toBe("");
    progress?.update(0, 0);
    progress?.clear();
    progress?.clear();
    expect(stream.output).toBe("\r\u001b[2Kanalyzing: 0/0 files (100%)\r\u001b[2K");
  });
});
