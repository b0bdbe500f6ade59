import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConfig } from "./config-schema.js";
import { loadProjectConfig } from "./load-project-config.js";

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "lastcall-project-config-"));
  await writeFile(join(scratch, "outside.json"), '{ "ignore": ["**"] }');
  await writeFile(join(scratch, "not-json"), "SECRET-OUTSIDE-THE-PROJECT");
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function project(name: string, config?: { link: string } | { text: string }): Promise<string> {
  const root = join(scratch, name);
  await mkdir(join(root, "config"), { recursive: true });
  await writeFile(join(root, "config", "shared.json"), '{ "minScore": 70 }');
  if (config !== undefined && "link" in config) await symlink(config.link, join(root, ".lastcall.json"));
  if (config !== undefined && "text" in config) await writeFile(join(root, ".lastcall.json"), config.text);
  return root;
}

describe("loadProjectConfig", () => {
  it("reads the project's own file, and defaults without one", async () => {
    expect(await loadProjectConfig(await project("own", { text: '{ "minScore": 50 }' }))).toEqual({
      config: { ...defaultConfig, minScore: 50 },
    });
    expect(await loadProjectConfig(await project("none"))).toEqual({ config: defaultConfig });
  });

  it("follows a symbolic link that stays inside the project", async () => {
    const root = await project("inside", { link: "config/shared.json" });
    expect(await loadProjectConfig(root)).toEqual({ config: { ...defaultConfig, minScore: 70 } });
  });

  it.each([
    ["an absolute link out of the project", () => join(scratch, "outside.json")],
    ["a relative link out of the project", () => "../not-json"],
    ["a dangling link", () => "missing.json"],
    ["a link to itself", () => ".lastcall.json"],
  ])("does not read %s, and says so", async (name, link) => {
    const root = await project(name.replace(/\W+/g, "-"), { link: link() });
    expect(await loadProjectConfig(root)).toEqual({
      config: defaultConfig,
      note: ".lastcall.json is a symbolic link leading outside the project or nowhere; it was not read.",
    });
  });
});
