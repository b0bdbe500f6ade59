import { describe, expect, it } from "vitest";
import type { SourceSpan } from "../model/types.js";
import { containerArgv, followLaunch, type LaunchWord, readShellScript, type ScriptResolver } from "./launch.js";

const CMD: SourceSpan = { file: "Dockerfile", line: 9, column: 1, endLine: 9, endColumn: 30, excerpt: 'CMD ["node", "dist/index.js"]' };
const ENTRYPOINT: SourceSpan = { ...CMD, line: 8, excerpt: 'ENTRYPOINT ["./docker-entrypoint.sh"]' };

function words(values: string[], at = CMD): LaunchWord[] {
  return values.map((value) => ({ value, at }));
}

const scripts =
  (files: Record<string, string>): ScriptResolver =>
  (written) => {
    const repoFile = written.replace(/^\.?\//, "");
    const text = files[repoFile];
    return text === undefined ? undefined : { repoFile, text };
  };
const none: ScriptResolver = () => undefined;

describe("readShellScript", () => {
  it("sees an exec'd final command", () => {
    expect(readShellScript('#!/bin/sh\nset -e\n./migrate.sh\nexec node dist/index.js "$@"\n')).toEqual({
      finalWords: ["node", "dist/index.js", "$@"],
      execs: true,
      singleCommand: false,
      forwardsSignals: false,
    });
  });

  it("sees a final command that runs as the shell's child", () => {
    expect(readShellScript("npm run migrate && node dist/index.js")).toMatchObject({
      finalWords: ["node", "dist/index.js"],
      execs: false,
      singleCommand: false,
    });
    expect(readShellScript("node dist/index.js")).toMatchObject({ execs: false, singleCommand: true });
  });

  it("looks past closing keywords to the command a branch ends with", () => {
    const dockerNodeEntrypoint = [
      "#!/bin/sh",
      "set -e",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and compose syntax, not a template
      'if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ]; then',
      '  set -- node "$@"',
      "fi",
      'exec "$@"',
      "",
    ].join("\n");
    expect(readShellScript(dockerNodeEntrypoint)).toMatchObject({ finalWords: ["$@"], execs: true });
    expect(readShellScript('case "$1" in\n  serve) exec node dist/index.js ;;\nesac\n')).toMatchObject({
      finalWords: ["node", "dist/index.js"],
      execs: true,
    });
  });

  it("does not count exec with only redirections, in a pipeline or in the background", () => {
    expect(readShellScript("exec >>/var/log/mcp.log 2>&1\nnode dist/index.js")).toMatchObject({ execs: false });
    expect(readShellScript("exec node dist/index.js | tee /tmp/log")).toMatchObject({ execs: false });
    expect(readShellScript("exec node dist/index.js &")).toMatchObject({ execs: false });
    expect(readShellScript("exec 2> /dev/null env NODE_ENV=production node x")).toMatchObject({
      finalWords: ["env", "NODE_ENV=production", "node", "x"],
      execs: true,
    });
  });

  it("recognises a script that traps SIGTERM and waits for its child", () => {
    const forwarding = "#!/bin/bash\nnode dist/index.js &\npid=$!\ntrap 'kill -TERM $pid' TERM INT\nwait $pid\n";
    expect(readShellScript(forwarding)).toMatchObject({ execs: false, forwardsSignals: true });
  });
});

describe("containerArgv", () => {
  const entrypoint = { words: words(["tini", "--"], ENTRYPOINT), shellForm: false };
  const cmd = { words: words(["node", "dist/index.js"]), shellForm: false };

  it("appends CMD to an exec-form ENTRYPOINT and drops it after a shell-form one", () => {
    expect(containerArgv(entrypoint, cmd).map((word) => word.value)).toEqual(["tini", "--", "node", "dist/index.js"]);
    const shellEntrypoint = { words: words(["/bin/sh", "-c", "node server.js"], ENTRYPOINT), shellForm: true };
    expect(containerArgv(shellEntrypoint, cmd).map((word) => word.value)).toEqual(["/bin/sh", "-c", "node server.js"]);
    expect(containerArgv(undefined, cmd)).toBe(cmd.words);
    expect(containerArgv(undefined, undefined)).toEqual([]);
  });
});

describe("followLaunch", () => {
  it("ends at node for exec form", () => {
    expect(followLaunch(words(["node", "dist/index.js"]), none)).toEqual([
      { kind: "program", program: "node", argv: ["node", "dist/index.js"], runsJavaScript: true, at: CMD },
    ]);
  });

  it("passes init processes and their options", () => {
    const steps = followLaunch(words(["/sbin/tini", "-g", "-p", "SIGKILL", "--", "node", "index.js"]), none);
    expect(steps.map((step) => step.kind)).toEqual(["init", "program"]);
    expect(steps[0]).toEqual({ kind: "init", program: "tini", at: CMD });
    expect(followLaunch(words(["dumb-init", "--rewrite", "15:2", "node", "index.js"]), none)[0]).toMatchObject({
      program: "dumb-init",
    });
  });

  it("follows Docker's implicit shell and what it runs", () => {
    const shellForm = [{ value: "/bin/sh", at: CMD, implicitShell: true }, ...words(["-c", "npm start"])];
    expect(followLaunch(shellForm, none)).toEqual([
      {
        kind: "shell",
        program: "/bin/sh",
        implicit: true,
        script: "npm start",
        singleCommand: true,
        execs: false,
        forwardsSignals: false,
        at: CMD,
      },
      { kind: "package-manager", program: "npm", argv: ["npm", "start"], at: CMD },
    ]);
  });

  it("follows `sh -ec` scripts through exec, with positional arguments", () => {
    const steps = followLaunch(words(["bash", "-ec", 'node scripts/migrate.js; exec "$@"', "bash", "node", "dist/index.js"]), none);
    expect(steps).toMatchObject([
      { kind: "shell", program: "bash", implicit: false, execs: true, singleCommand: false },
      { kind: "program", program: "node", argv: ["node", "dist/index.js"] },
    ]);
  });

  it("reads entry scripts from the repository and continues with the CMD they exec", () => {
    const argv = [...words(["./docker-entrypoint.sh"], ENTRYPOINT), ...words(["node", "dist/index.js"])];
    const steps = followLaunch(argv, scripts({ "docker-entrypoint.sh": '#!/bin/sh\nset -e\nexec "$@"\n' }));
    expect(steps).toEqual([
      {
        kind: "entry-script",
        path: "./docker-entrypoint.sh",
        repoFile: "docker-entrypoint.sh",
        execs: true,
        forwardsSignals: false,
        at: ENTRYPOINT,
      },
      { kind: "program", program: "node", argv: ["node", "dist/index.js"], runsJavaScript: true, at: CMD },
    ]);
  });

  it("reports an entry script that does not exec, and one that is not in the repository", () => {
    const lazy = followLaunch(words(["/app/start.sh"]), scripts({ "app/start.sh": "#!/bin/sh\n./migrate.sh\nnode dist/index.js\n" }));
    expect(lazy).toMatchObject([
      { kind: "entry-script", execs: false, repoFile: "app/start.sh" },
      { kind: "program", program: "node", runsJavaScript: true },
    ]);
    expect(followLaunch(words(["docker-entrypoint.sh", "node", "x.js"]), none)).toEqual([
      { kind: "entry-script", path: "docker-entrypoint.sh", repoFile: null, execs: null, forwardsSignals: null, at: CMD },
    ]);
  });

  it("runs scripts given to a shell, and JavaScript files through their shebang", () => {
    const files = scripts({ "start.sh": "exec yarn start\n", "bin/server": "#!/usr/bin/env node\nimport('../dist/index.js')\n" });
    expect(followLaunch(words(["sh", "./start.sh"]), files)).toMatchObject([
      { kind: "entry-script", execs: true },
      { kind: "package-manager", program: "yarn", argv: ["yarn", "start"] },
    ]);
    expect(followLaunch(words(["bin/server", "--stdio"]), files)).toMatchObject([
      { kind: "program", program: "bin/server", runsJavaScript: true },
    ]);
    expect(followLaunch(words(["./dist/cli.mjs"]), none)).toMatchObject([{ kind: "program", runsJavaScript: true }]);
  });

  it("skips env, gosu and su-exec wrappers", () => {
    const steps = followLaunch(words(["env", "-u", "DEBUG", "NODE_ENV=production", "su-exec", "node", "npx", "tsx", "src/index.ts"]), none);
    expect(steps).toEqual([{ kind: "package-manager", program: "npx", argv: ["npx", "tsx", "src/index.ts"], at: CMD }]);
  });

  it("stops at programs it does not know", () => {
    expect(followLaunch(words(["python", "-m", "server"]), none)).toEqual([
      { kind: "program", program: "python", argv: ["python", "-m", "server"], runsJavaScript: false, at: CMD },
    ]);
  });

  it("does not loop on a script that execs itself", () => {
    const steps = followLaunch(words(["./loop.sh"]), scripts({ "loop.sh": 'exec ./loop.sh "$@"\n' }));
    expect(steps).toHaveLength(8);
  });
});
