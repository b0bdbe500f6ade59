import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Marked } from "marked";

const markdown = new Marked({ async: false, gfm: true });

/**
 * docs/api.md, the one description of the API, as HTML for /docs/api. It is found from the working
 * directory upwards (the app runs inside the repository, or an image that keeps docs/ beside it). The
 * file is ours, so its HTML is trusted.
 */
export async function renderApiDocs(startDir: string = process.cwd()): Promise<string | undefined> {
  for (let dir = startDir; ; dir = dirname(dir)) {
    const source = await readFile(join(dir, "docs/api.md"), "utf8").catch(() => undefined);
    if (source !== undefined) return markdown.parse(source, { async: false });
    if (dirname(dir) === dir) return undefined;
  }
}
