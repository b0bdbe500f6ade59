import type { SourceSpan } from "../model/types.js";
import type { ParseError } from "../report.js";
import { shellWords } from "./shell-words.js";
import { lineSpan, type SourceText, wholeLineSpan } from "./source-text.js";
import type { SecondsFact, SystemdUnitFacts } from "./types.js";
import { normalizeSignal, parseSystemdTimespan } from "./units.js";

/** systemd's DefaultTimeoutStopSec (RULES.md fact 3). */
export const SYSTEMD_DEFAULT_STOP_SECONDS = 90;

interface Assignment {
  key: string;
  value: string;
  at: SourceSpan;
}

/**
 * Reads the `[Service]` section of a unit file. Files without one (other unit types, or
 * `*.service` files of other tools such as Avahi's XML) yield nothing.
 */
export function readSystemdUnit(source: SourceText, errors: ParseError[]): SystemdUnitFacts | undefined {
  let section: string | undefined;
  let serviceAt: SourceSpan | undefined;
  const assignments: Assignment[] = [];
  const { lines } = source;

  for (let index = 0; index < lines.length; index++) {
    const startLine = index + 1;
    if (/^\s*([#;].*)?$/.test(lines[index] ?? "")) continue;
    // A trailing backslash continues the value on the next line, joined with a space.
    const parts = [(lines[index] ?? "").trimEnd()];
    while (parts[parts.length - 1]?.endsWith("\\") && index + 1 < lines.length) {
      parts[parts.length - 1] = parts[parts.length - 1]?.slice(0, -1) ?? "";
      index++;
      parts.push((lines[index] ?? "").trim());
    }
    const line = parts.join(" ");
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = header[1];
      if (section === "Service") serviceAt = wholeLineSpan(source, startLine);
      continue;
    }
    const assignment = /^\s*([A-Za-z0-9]+)\s*=(.*)$/.exec(line);
    if (!assignment) {
      if (section === "Service") errors.push({ file: source.file, line: startLine, message: `not an assignment: ${line.trim()}` });
      continue;
    }
    if (section !== "Service") continue;
    const endLine = index + 1;
    const at = lineSpan(
      source,
      startLine,
      (lines[startLine - 1] ?? "").search(/\S/) + 1,
      endLine,
      (lines[endLine - 1] ?? "").trimEnd().length + 1,
    );
    assignments.push({ key: assignment[1] ?? "", value: (assignment[2] ?? "").trim(), at });
  }
  if (!serviceAt) return undefined;

  const defaultTimeout: SecondsFact = { seconds: SYSTEMD_DEFAULT_STOP_SECONDS, source: "default", at: serviceAt };
  let timeoutStop = defaultTimeout;
  let timeoutStopSec: SecondsFact | undefined;
  let timeoutSec: SecondsFact | undefined;
  let killMode: SystemdUnitFacts["killMode"] = { value: "control-group", source: "default", at: serviceAt };
  let killSignal: SystemdUnitFacts["killSignal"] = { signal: "SIGTERM", source: "default", at: serviceAt };
  let execStart: SystemdUnitFacts["execStart"] = [];
  for (const { key, value, at } of assignments) {
    switch (key) {
      case "TimeoutStopSec":
      case "TimeoutSec": {
        // An empty assignment resets the setting to its default; the last assignment wins.
        const timeout = value === "" ? undefined : timespan(value, at, source.file, errors);
        if (key === "TimeoutStopSec") timeoutStopSec = timeout;
        else timeoutSec = timeout;
        timeoutStop = timeout ?? defaultTimeout;
        break;
      }
      case "KillMode":
        killMode = { value, source: "file", at };
        break;
      case "KillSignal":
        killSignal = { signal: normalizeSignal(value), source: "file", at };
        break;
      case "ExecStart":
        // `ExecStart=` empties the list; prefixes -@:+! change how the command runs, not what runs.
        execStart = value === "" ? [] : [...execStart, { argv: shellWords(value.replace(/^[-@:+!]+/, "")), at }];
        break;
    }
  }
  return {
    file: source.file,
    at: serviceAt,
    timeoutStop,
    ...(timeoutStopSec ? { timeoutStopSec } : {}),
    ...(timeoutSec ? { timeoutSec } : {}),
    killMode,
    killSignal,
    execStart,
  };
}

function timespan(value: string, at: SourceSpan, file: string, errors: ParseError[]): SecondsFact {
  const seconds = parseSystemdTimespan(value);
  if (seconds === null) errors.push({ file, line: at.line, message: `"${value}" is not a systemd time span` });
  return { seconds, source: "file", raw: value, at };
}
