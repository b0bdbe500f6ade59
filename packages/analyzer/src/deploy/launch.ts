import path from "node:path";
import type { SourceSpan } from "../model/types.js";
import { type ShellCommand, splitCommands, tokenizeShell } from "./shell-words.js";
import type { LaunchStep } from "./types.js";

/** One argv word of a container command and the instruction or key it came from. */
export interface LaunchWord {
  value: string;
  at: SourceSpan;
  /** The shell Docker puts in front of a shell-form instruction. */
  implicitShell?: boolean;
}

/** An ENTRYPOINT- or CMD-like command as argv words. */
export interface CommandWords {
  words: LaunchWord[];
  /** Dockerfile shell form: an ENTRYPOINT in this form ignores CMD. */
  shellForm: boolean;
}

/** Finds a script the container runs; the text is what the repository holds for it. */
export type ScriptResolver = (written: string) => { repoFile: string; text: string } | undefined;

/** What a shell script (an entry script or a `sh -c` string) finally runs. */
export interface ShellScriptFacts {
  /** The words of the last command the shell runs; after `exec`, the exec'd command. */
  finalWords: string[];
  execs: boolean;
  singleCommand: boolean;
  forwardsSignals: boolean;
}

const MAX_HOPS = 8;
const INITS: Record<string, "tini" | "dumb-init"> = {
  tini: "tini",
  "tini-static": "tini",
  "docker-init": "tini",
  "dumb-init": "dumb-init",
};
const INIT_OPTIONS_WITH_VALUE = new Set(["-p", "-e", "-r", "--rewrite"]);
const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "ksh"]);
const PACKAGE_MANAGERS = new Set(["npm", "yarn", "pnpm", "npx"] as const);
const JAVASCRIPT_RUNTIMES = new Set(["node", "nodejs", "tsx", "ts-node", "bun", "deno"]);
const JAVASCRIPT_FILE = /\.[cm]?[jt]s$/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const REDIRECTION = /^\d*(>>?|<|&>)/;
/** Words that open or close compound commands; they are not the command a script ends with. */
const COMPOUND_HEADS = new Set(["if", "elif", "while", "until", "for", "case", "fi", "done", "esac", "}", "function"]);
const COMPOUND_PREFIXES = new Set(["then", "else", "do", "{", "!"]);

/** A JavaScript runtime or a JavaScript/TypeScript file, as a command word. */
export function isJavaScriptWord(word: string): boolean {
  const name = path.posix.basename(word);
  return JAVASCRIPT_RUNTIMES.has(name) || JAVASCRIPT_FILE.test(name);
}

/** Docker's combination: ENTRYPOINT exec form + CMD as arguments; a shell-form ENTRYPOINT drops CMD. */
export function containerArgv(entrypoint: CommandWords | undefined, cmd: CommandWords | undefined): LaunchWord[] {
  if (!entrypoint) return cmd?.words ?? [];
  return entrypoint.shellForm ? entrypoint.words : [...entrypoint.words, ...(cmd?.words ?? [])];
}

/** Follows a container's argv through init, shells, entry scripts and wrappers to the program it runs. */
export function followLaunch(words: LaunchWord[], resolveScript: ScriptResolver): LaunchStep[] {
  const steps: LaunchStep[] = [];
  let rest = words;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    rest = skipWrappers(rest);
    const head = rest[0];
    if (!head) break;
    const args = rest.slice(1);
    const program = path.posix.basename(head.value);

    const init = INITS[program];
    if (init) {
      steps.push({ kind: "init", program: init, at: head.at });
      rest = skipInitOptions(args);
      continue;
    }
    if (SHELLS.has(program)) {
      const inline = shellScriptArgument(args);
      if (inline) {
        const facts = readShellScript(inline.script.value);
        steps.push({
          kind: "shell",
          program: head.value,
          implicit: head.implicitShell === true,
          script: inline.script.value,
          singleCommand: facts.singleCommand,
          execs: facts.execs,
          forwardsSignals: facts.forwardsSignals,
          at: head.at,
        });
        rest = scriptWords(facts.finalWords, inline.script.at, inline.positional);
        continue;
      }
      const fileIndex = args.findIndex((word) => !word.value.startsWith("-"));
      const file = args[fileIndex];
      if (!file) {
        steps.push(programStep(head, args, false));
        break;
      }
      const next = entryScript(file, args.slice(fileIndex + 1), resolveScript(file.value), steps);
      if (!next) break;
      rest = next;
      continue;
    }
    if (isPackageManager(program)) {
      steps.push({ kind: "package-manager", program, argv: rest.map((word) => word.value), at: head.at });
      break;
    }
    if (isJavaScriptWord(program)) {
      steps.push(programStep(head, args, true));
      break;
    }
    const script = resolveScript(head.value);
    const interpreter = script ? shebangInterpreter(script.text) : undefined;
    if (script ? interpreter === undefined || SHELLS.has(interpreter) : head.value.endsWith(".sh")) {
      const next = entryScript(head, args, script, steps);
      if (!next) break;
      rest = next;
      continue;
    }
    steps.push(programStep(head, args, interpreter !== undefined && JAVASCRIPT_RUNTIMES.has(interpreter)));
    break;
  }
  return steps;
}

/** Reads the command a shell script ends with, and whether the shell replaces itself with it. */
export function readShellScript(text: string): ShellScriptFacts {
  const commands: ShellCommand[] = splitCommands(tokenizeShell(text))
    .map((command) => ({ ...command, words: dropCompoundPrefixes(command.words) }))
    .filter((command) => command.words.length > 0);
  const finalIndex = commands.findLastIndex((command) => !COMPOUND_HEADS.has(command.words[0] ?? "") && command.terminator !== ")");
  const final = commands[finalIndex];
  if (!final) return { finalWords: [], execs: false, singleCommand: false, forwardsSignals: false };

  // `exec` in a pipeline or in the background runs in a subshell; the script's shell stays.
  const inPipeline = commands[finalIndex - 1]?.terminator === "|" || final.terminator === "|";
  const execWords = final.words[0] === "exec" ? commandWords(final.words.slice(1)) : [];
  const execs = execWords.length > 0 && !inPipeline && final.terminator !== "&";
  const trapsTerm = commands.some(
    (command) => command.words[0] === "trap" && command.words.slice(2).some((word) => /^(SIG)?TERM$|^15$/.test(word)),
  );
  return {
    finalWords: execs ? execWords : commandWords(final.words),
    execs,
    singleCommand: commands.length === 1 && !inPipeline && final.terminator !== "&",
    forwardsSignals: trapsTerm && final.words[0] === "wait",
  };
}

function entryScript(
  file: LaunchWord,
  args: LaunchWord[],
  script: { repoFile: string; text: string } | undefined,
  steps: LaunchStep[],
): LaunchWord[] | undefined {
  const facts = script && readShellScript(script.text);
  steps.push({
    kind: "entry-script",
    path: file.value,
    repoFile: script?.repoFile ?? null,
    execs: facts?.execs ?? null,
    forwardsSignals: facts?.forwardsSignals ?? null,
    at: file.at,
  });
  return facts && scriptWords(facts.finalWords, file.at, args);
}

function programStep(head: LaunchWord, args: LaunchWord[], runsJavaScript: boolean): LaunchStep {
  return { kind: "program", program: head.value, argv: [head, ...args].map((word) => word.value), runsJavaScript, at: head.at };
}

function isPackageManager(program: string): program is "npm" | "yarn" | "pnpm" | "npx" {
  return (PACKAGE_MANAGERS as Set<string>).has(program);
}

/** Words a script runs, placed at the span that runs the script; `"$@"` becomes the script's own arguments. */
function scriptWords(words: string[], at: SourceSpan, positional: LaunchWord[]): LaunchWord[] {
  return words.flatMap((value) => (/^\$(\{)?[@*]\}?$/.test(value) ? positional : [{ value, at }]));
}

/** `env VAR=1`, `gosu user`, `su-exec user`, `exec`, leading assignments: all exec the rest in place. */
function skipWrappers(words: LaunchWord[]): LaunchWord[] {
  let rest = words;
  for (;;) {
    const head = rest[0];
    if (!head) return rest;
    const program = path.posix.basename(head.value);
    if (ASSIGNMENT.test(head.value) || program === "exec") rest = rest.slice(1);
    else if (program === "gosu" || program === "su-exec") rest = rest.slice(2);
    else if (program === "env") {
      rest = rest.slice(1);
      while (rest[0] && (rest[0].value.startsWith("-") || ASSIGNMENT.test(rest[0].value))) {
        rest = rest.slice(rest[0].value === "-u" ? 2 : 1);
      }
    } else return rest;
  }
}

function skipInitOptions(args: LaunchWord[]): LaunchWord[] {
  let index = 0;
  while (args[index]?.value.startsWith("-")) {
    const option = args[index]?.value ?? "";
    index += option === "--" ? 1 : INIT_OPTIONS_WITH_VALUE.has(option) ? 2 : 1;
    if (option === "--") break;
  }
  return args.slice(index);
}

/** The script of `sh -c SCRIPT [$0 args…]` (options like `-ec`, `-lc`, `-o pipefail` allowed). */
function shellScriptArgument(args: LaunchWord[]): { script: LaunchWord; positional: LaunchWord[] } | undefined {
  let index = 0;
  let command = false;
  while (args[index] && /^[-+]/.test(args[index]?.value ?? "")) {
    const option = args[index]?.value ?? "";
    if (option === "--") {
      index++;
      break;
    }
    if (/^[-+]o$/.test(option)) {
      index += 2;
      continue;
    }
    if (!option.startsWith("--") && option.slice(1).includes("c")) command = true;
    index++;
  }
  const script = args[index];
  return command && script ? { script, positional: args.slice(index + 2) } : undefined;
}

/** The interpreter named by a `#!` line (`/usr/bin/env node` → `node`); undefined without one. */
function shebangInterpreter(text: string): string | undefined {
  const shebang = /^#!\s*(\S+)(?:\s+(?:-S\s+)?(\S+))?/.exec(text);
  if (!shebang) return undefined;
  const program = path.posix.basename(shebang[1] ?? "");
  return program === "env" ? shebang[2] : program;
}

/** Drops redirections (`>log`, `2>&1`, `> /dev/null`) and leading assignments, keeping the command. */
function commandWords(words: string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? "";
    if (REDIRECTION.test(word)) {
      if (/^\d*(>>?|<|&>)&?$/.test(word)) index++;
      continue;
    }
    if (kept.length === 0 && ASSIGNMENT.test(word)) continue;
    kept.push(word);
  }
  return kept;
}

function dropCompoundPrefixes(words: string[]): string[] {
  let index = 0;
  while (COMPOUND_PREFIXES.has(words[index] ?? "")) index++;
  return words.slice(index);
}
