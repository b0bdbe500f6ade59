import { readFile } from "node:fs/promises";
import { configSchema, defaultConfig, type LastcallConfig } from "./config-schema.js";

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Reads and validates `.lastcall.json` (or the file given); a missing default file is the default config. */
export async function loadConfig(file: string, required: boolean): Promise<LastcallConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === "ENOENT") return defaultConfig;
    throw new ConfigError(`cannot read config ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`config ${file}: ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}
