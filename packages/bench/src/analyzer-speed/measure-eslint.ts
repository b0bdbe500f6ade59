import tsParser from "@typescript-eslint/parser";
import { ESLint } from "eslint";

/**
 * `measure-eslint.js DIR`: ESLint over the corpus as a project would run it on every commit — the
 * TypeScript parser (no type information) and one trivial rule — in a fresh process, so that peak
 * memory is this run's alone. Prints `{ ms, maxRssMiB, files }` like the analyzer's measure.js.
 */
async function measure(dir: string): Promise<{ ms: number; files: number }> {
  const started = performance.now();
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parser: tsParser }, rules: { "no-debugger": "error" } }],
  });
  const results = await eslint.lintFiles(["**/*.ts"]);
  const ms = performance.now() - started;
  // A file ESLint could not parse was not linted: the timing would flatter it.
  const unparsed = results.filter((result) => result.fatalErrorCount > 0);
  if (unparsed.length > 0) throw new Error(`ESLint could not parse ${unparsed.length} files, e.g. ${unparsed[0]?.filePath}`);
  return { ms, files: results.length };
}

const [dir] = process.argv.slice(2);
if (!dir) {
  process.stderr.write("usage: measure-eslint.js DIR\n");
  process.exitCode = 2;
} else {
  const result = await measure(dir);
  process.stdout.write(`${JSON.stringify({ ...result, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}
