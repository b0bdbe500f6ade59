import path from "node:path";
import type { SourceSpan } from "../model/types.js";
import type { ParseError } from "../report.js";
import { shellWords } from "./shell-words.js";
import { lineSpan, type SourceText } from "./source-text.js";
import type { DockerCommand, SignalFact } from "./types.js";
import { normalizeSignal } from "./units.js";

export interface DockerInstruction {
  /** Upper case: `CMD`, `ENTRYPOINT`. */
  keyword: string;
  /** Arguments with line continuations joined and comment lines dropped. */
  args: string;
  /** BuildKit heredoc bodies (`COPY <<EOF /entrypoint.sh`), in order of appearance. */
  heredocs: string[];
  /** The instruction's own lines, heredoc bodies excluded. */
  at: SourceSpan;
}

export interface DockerStage {
  name?: string;
  base: string;
  /** The earlier stage this one builds `FROM`, whose configuration it inherits. */
  parent?: DockerStage;
  at: SourceSpan;
  instructions: DockerInstruction[];
}

export type DockerfileParse = { ok: true; stages: DockerStage[] } | { ok: false; error: ParseError };

/** A COPY/ADD into the image, for finding entry scripts in the build context. */
export interface DockerCopy {
  sources: string[];
  /** Absolute destination in the image. */
  dest: string;
  destIsDirectory: boolean;
  /** `--from=`: copied from another stage or image, not from the build context. */
  fromStage?: string;
  /** Heredoc body when the single source is inline (`COPY <<EOF /entrypoint.sh`). */
  inline?: string;
}

/** What a stage's image carries into `docker run`, inherited along `FROM <stage>`. */
export interface StageImage {
  cmd?: DockerCommand;
  entrypoint?: DockerCommand;
  stopSignal?: SignalFact;
  /** SHELL instruction: what shell-form commands run through. */
  shell: string[];
  workdir: string;
  copies: DockerCopy[];
  env: Map<string, string>;
}

const INSTRUCTIONS = new Set([
  "FROM",
  "RUN",
  "CMD",
  "LABEL",
  "MAINTAINER",
  "EXPOSE",
  "ENV",
  "ADD",
  "COPY",
  "ENTRYPOINT",
  "VOLUME",
  "USER",
  "WORKDIR",
  "ARG",
  "ONBUILD",
  "STOPSIGNAL",
  "HEALTHCHECK",
  "SHELL",
]);

const HEREDOC = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

export function parseDockerfile(source: SourceText): DockerfileParse {
  const { lines } = source;
  const fail = (line: number, message: string): DockerfileParse => ({
    ok: false,
    error: { file: source.file, line, message },
  });

  let escapeChar = "\\";
  let index = 0;
  for (; index < lines.length; index++) {
    const directive = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(lines[index] ?? "");
    if (!directive) break;
    if (directive[1]?.toLowerCase() === "escape") escapeChar = directive[2] ?? escapeChar;
  }

  const instructions: DockerInstruction[] = [];
  while (index < lines.length) {
    const line = lines[index] ?? "";
    if (line.trim() === "" || line.trimStart().startsWith("#")) {
      index++;
      continue;
    }
    const head = /^(\s*)([A-Za-z]+)(?=\s|$)/.exec(line);
    const keyword = head?.[2]?.toUpperCase();
    if (!head || !keyword || !INSTRUCTIONS.has(keyword)) {
      return fail(index + 1, `unknown instruction: ${line.trim().split(/\s+/)[0]}`);
    }
    const startLine = index + 1;
    // Joined once at the end: appending to the growing text per line would be quadratic.
    const parts: string[] = [];
    let current = line.slice(head[0].length);
    let lastLine = index;
    for (;;) {
      const trimmed = current.trimEnd();
      if (!trimmed.endsWith(escapeChar)) {
        parts.push(current);
        break;
      }
      parts.push(trimmed.slice(0, -escapeChar.length));
      let next = lastLine + 1;
      // Docker drops comment and empty lines inside a continuation.
      while (next < lines.length && /^\s*(#.*)?$/.test(lines[next] ?? "")) next++;
      if (next >= lines.length) break;
      lastLine = next;
      current = lines[next] ?? "";
    }
    const args = parts.join("");
    const at = lineSpan(source, startLine, (head[1] ?? "").length + 1, lastLine + 1, (lines[lastLine] ?? "").trimEnd().length + 1);
    index = lastLine + 1;

    const heredocs: string[] = [];
    if (keyword === "RUN" || keyword === "COPY" || keyword === "ADD") {
      for (const match of args.matchAll(HEREDOC)) {
        const stripTabs = match[1] === "-";
        const delimiter = match[3];
        const body: string[] = [];
        while (index < lines.length) {
          const bodyLine = lines[index] ?? "";
          index++;
          if ((stripTabs ? bodyLine.replace(/^\t+/, "") : bodyLine) === delimiter) break;
          if (index === lines.length) return fail(startLine, `heredoc ${delimiter} is not terminated`);
          body.push(stripTabs ? bodyLine.replace(/^\t+/, "") : bodyLine);
        }
        heredocs.push(`${body.join("\n")}\n`);
      }
    }
    instructions.push({ keyword, args: args.trim(), heredocs, at });
  }

  const stages: DockerStage[] = [];
  const stagesByName = new Map<string, DockerStage>();
  for (const instruction of instructions) {
    if (instruction.keyword === "FROM") {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith("--"));
      const base = words[0] ?? "";
      const name = words[1]?.toLowerCase() === "as" ? words[2] : undefined;
      const stage: DockerStage = { name, base, parent: stagesByName.get(base.toLowerCase()), at: instruction.at, instructions: [] };
      stages.push(stage);
      if (name) stagesByName.set(name.toLowerCase(), stage);
    } else if (stages.length > 0) {
      stages[stages.length - 1]?.instructions.push(instruction);
    } else if (instruction.keyword !== "ARG") {
      return fail(instruction.at.line, `${instruction.keyword} before the first FROM`);
    }
  }
  if (stages.length === 0) return fail(1, "no FROM instruction");
  return { ok: true, stages };
}

/**
 * The image a stage produces: its ancestors' instructions (along `FROM <stage>`) applied in order
 * to one state, iteratively, so a long chain of stages costs linear time and no recursion.
 */
export function stageImage(stage: DockerStage): StageImage {
  const chain: DockerStage[] = [];
  for (let current: DockerStage | undefined = stage; current; current = current.parent) chain.push(current);
  const image: StageImage = { shell: ["/bin/sh", "-c"], workdir: "/", copies: [], env: new Map() };
  for (const current of chain.reverse()) {
    const parentName = current.parent?.name;
    if (image.cmd && !image.cmd.inheritedFrom) image.cmd = { ...image.cmd, inheritedFrom: parentName };
    if (image.entrypoint && !image.entrypoint.inheritedFrom) image.entrypoint = { ...image.entrypoint, inheritedFrom: parentName };
    applyInstructions(current, image);
  }
  return image;
}

function applyInstructions(stage: DockerStage, image: StageImage): void {
  let cmdFromThisStage = false;
  for (const instruction of stage.instructions) {
    const args = instruction.args;
    switch (instruction.keyword) {
      case "ENV":
      case "ARG":
        for (const [key, value] of assignments(args, instruction.keyword)) image.env.set(key, value);
        break;
      case "WORKDIR":
        image.workdir = path.posix.resolve(image.workdir, expand(args, image.env));
        break;
      case "SHELL": {
        const shell = jsonArray(args);
        if (shell) image.shell = shell;
        break;
      }
      case "CMD":
        image.cmd = dockerCommand(args, instruction.at);
        cmdFromThisStage = true;
        break;
      case "ENTRYPOINT":
        image.entrypoint = dockerCommand(args, instruction.at);
        // Docker: setting ENTRYPOINT resets a CMD inherited from the base image.
        if (!cmdFromThisStage) image.cmd = undefined;
        break;
      case "STOPSIGNAL": {
        const raw = expand(args, image.env);
        image.stopSignal = { signal: normalizeSignal(raw), raw, at: instruction.at };
        break;
      }
      case "COPY":
      case "ADD": {
        const copy = dockerCopy(instruction, image);
        if (copy) image.copies.push(copy);
        break;
      }
    }
  }
}

/** Exec form is a JSON array of strings; anything else, invalid JSON included, is shell form (Docker's rule). */
function dockerCommand(args: string, at: SourceSpan): DockerCommand {
  const exec = jsonArray(args);
  return exec ? { form: "exec", argv: exec, text: args, at } : { form: "shell", argv: shellWords(args), text: args, at };
}

function jsonArray(text: string): string[] | undefined {
  if (!text.startsWith("[")) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((item) => typeof item === "string") ? value : undefined;
  } catch {
    return undefined;
  }
}

function dockerCopy(instruction: DockerInstruction, image: StageImage): DockerCopy | undefined {
  const words = jsonArray(instruction.args) ?? shellWords(instruction.args);
  let fromStage: string | undefined;
  while (words[0]?.startsWith("--")) {
    const flag = words.shift() ?? "";
    if (flag.startsWith("--from=")) fromStage = flag.slice("--from=".length);
  }
  const destWritten = words.pop();
  if (!destWritten || words.length === 0) return undefined;
  const dest = expand(destWritten, image.env);
  const heredocs = [...instruction.heredocs];
  const inline = words.length === 1 && words[0]?.startsWith("<<") ? heredocs[0] : undefined;
  return {
    sources: words.map((word) => expand(word, image.env)),
    dest: path.posix.resolve(image.workdir, dest),
    destIsDirectory: dest.endsWith("/") || words.length > 1,
    fromStage,
    inline,
  };
}

/** `ENV A=1 B="x y"`, `ENV A 1`, `ARG A=1` (ARG without a default sets nothing we can know). */
function assignments(args: string, keyword: string): Array<[string, string]> {
  const words = shellWords(args);
  if (keyword === "ENV" && words.length >= 2 && !words[0]?.includes("=")) {
    return [[words[0] ?? "", args.slice(args.indexOf(words[0] ?? "") + (words[0]?.length ?? 0)).trim()]];
  }
  return words.filter((word) => word.includes("=")).map((word) => [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)]);
}

function expand(text: string, env: Map<string, string>): string {
  return text.replace(/\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g, (whole, braced?: string, fallback?: string, bare?: string) => {
    const name = braced ?? bare ?? "";
    return env.get(name) ?? fallback ?? whole;
  });
}

/**
 * Finds the build-context file behind a path the image runs (`./docker-entrypoint.sh`,
 * `/usr/local/bin/entrypoint.sh`, a bare name on PATH), by following the stage's COPY/ADD
 * instructions, then by the path itself and its base name in each candidate context.
 * Returns the repository path and text, or the Dockerfile itself for heredoc scripts.
 */
export function findImageScript(
  written: string,
  image: StageImage,
  dockerfile: string,
  contexts: string[],
  readFile: (path: string) => string | undefined,
): { repoFile: string; text: string } | undefined {
  const bare = !written.includes("/");
  const target = path.posix.resolve(image.workdir, written);
  const candidates: string[] = [];

  for (const copy of [...image.copies].reverse()) {
    if (copy.fromStage) continue;
    if (copy.inline !== undefined && (copy.dest === target || (bare && path.posix.basename(copy.dest) === written))) {
      return { repoFile: dockerfile, text: copy.inline };
    }
    for (const copySource of copy.sources) {
      if (bare) {
        if (!copy.destIsDirectory && path.posix.basename(copy.dest) === written) candidates.push(copySource);
        else if (globMatches(path.posix.basename(copySource), written)) {
          candidates.push(path.posix.join(path.posix.dirname(copySource), written));
        } else candidates.push(path.posix.join(copySource, written));
        continue;
      }
      if (!copy.destIsDirectory && copy.dest === target) candidates.push(copySource);
      if (path.posix.dirname(target) === copy.dest && globMatches(path.posix.basename(copySource), path.posix.basename(target))) {
        candidates.push(path.posix.join(path.posix.dirname(copySource), path.posix.basename(target)));
      }
      if (target.startsWith(`${copy.dest}/`)) candidates.push(path.posix.join(copySource, target.slice(copy.dest.length + 1)));
    }
  }
  if (!bare && !written.startsWith("/")) candidates.push(written);
  candidates.push(path.posix.basename(written));

  for (const candidate of candidates) {
    for (const context of contexts) {
      const repoFile = path.posix.join(context, candidate);
      if (repoFile.startsWith("../")) continue;
      const text = readFile(repoFile);
      if (text !== undefined) return { repoFile, text };
    }
  }
  return undefined;
}

function globMatches(pattern: string, name: string): boolean {
  if (!/[*?[]/.test(pattern)) return pattern === name;
  const source = pattern
    .replace(/[.+^${}()|\\]/g, "\\$&")
    .replace(/\*/g, "[^/]*")
    .replace(/\?/g, "[^/]");
  return new RegExp(`^${source}$`).test(name);
}
