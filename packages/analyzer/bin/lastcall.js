#!/usr/bin/env node
// The `lastcall` command. It lives outside dist/ so that `npm ci` can link it before the first
// build; it runs the built CLI, or says how to build it.
try {
  await import("../dist/cli/main.js");
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("dist/cli/main.js")) throw error;
  process.stderr.write("lastcall: the CLI is not built yet; run `npm run build` first\n");
  process.exitCode = 2;
}
