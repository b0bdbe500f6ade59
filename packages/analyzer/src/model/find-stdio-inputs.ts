import { skipParens } from "./collect-module-facts.js";
import { compiler } from "./compiler.js";
import { MCP_STDIO, matchesOrigin } from "./library-catalog.js";
import { type Ref, Resolver } from "./resolver.js";
import { spanOf, textOf } from "./source-span.js";
import type { BindingKey, StdioInput } from "./types.js";

/**
 * What each `new StdioServerTransport(input?, output?)` reads (RULES.md, SD003: "stdin (or the
 * stream given to the transport)"). Without an input, or with `process.stdin`, it reads stdin; a
 * stream the program keeps is identified by its binding key, so that its `end`/`close` listeners
 * become EOF triggers; anything else cannot be told apart and says why.
 */
export function findStdioInputs(resolver: Resolver): StdioInput[] {
  const inputs: StdioInput[] = [];
  const env = Resolver.emptyEnv();
  for (const module of resolver.modules.values()) {
    for (const fn of module.functions) {
      for (const call of fn.calls) {
        // Cheap name filter before any resolution; only a constructor call builds a transport.
        if (!call.isNew || call.chain?.[call.chain.length - 1] !== "StdioServerTransport") continue;
        const origin = resolver.originOf({ expr: call.node, fn, env });
        if (!origin || !matchesOrigin(origin, MCP_STDIO, ["StdioServerTransport", "()"])) continue;
        const at = spanOf(call.node, module.sourceFile, module.file);
        const arg = call.node.arguments?.[0];
        const written = arg && skipParens(arg);
        if (!written || (compiler.isIdentifier(written) && written.text === "undefined")) {
          inputs.push({ at, input: { kind: "process-stdin" } });
          continue;
        }
        const ref: Ref = { expr: arg, fn, env };
        const text = textOf(arg, module.sourceFile);
        const streamOrigin = resolver.originOf(ref);
        if (streamOrigin?.module === "process" && streamOrigin.path.join(".") === "stdin") {
          inputs.push({ at, input: { kind: "process-stdin" } });
          continue;
        }
        const binding = resolver.keyOf(ref);
        if (binding) {
          inputs.push({ at, input: { kind: "stream", binding, text, fedByStdin: fedByStdin(resolver, binding, ref) } });
          continue;
        }
        inputs.push({
          at,
          input: {
            kind: "unresolved",
            text,
            reason: `the stdio transport at ${at.file}:${at.line} reads \`${text}\`, a stream Lastcall cannot follow to its end/close listeners`,
          },
        });
      }
    }
  }
  return inputs;
}

/**
 * The stream is `process.stdin.pipe(…)`'s result, or `process.stdin` is piped into it: stdin's EOF
 * ends it (pipe's default `end: true`), so stdin's own end/close listeners see the same moment.
 */
function fedByStdin(resolver: Resolver, binding: BindingKey, ref: Ref): boolean {
  const init = resolver.terminals(ref).find((terminal) => terminal.kind === "external");
  if (init?.kind === "external" && init.origin.module === "process" && init.origin.path.join(".").startsWith("stdin.pipe")) return true;
  for (const module of resolver.modules.values()) {
    for (const fn of module.functions) {
      for (const call of fn.calls) {
        const chain = call.chain;
        if (chain?.length !== 3 || chain[0] !== "process" || chain[1] !== "stdin" || chain[2] !== "pipe") continue;
        const target = call.node.arguments?.[0];
        if (target && resolver.keyOf({ expr: target, fn, env: Resolver.emptyEnv() }) === binding) return true;
      }
    }
  }
  return false;
}
