import { z } from "zod";
import { isLoopbackHost } from "./loopback-host.js";

/**
 * GITHUB_SERVER_URL as every app reads it (GitHub Actions sets it; GitHub Enterprise Server users
 * point it at their own host): an origin, https, or plain http on a loopback host for tests and
 * local mirrors. Parses to a URL; defaults to https://github.com.
 */
export const githubServerUrlSchema = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://github.com" })
  .default("https://github.com")
  .transform((value) => new URL(value))
  .refine((url) => url.protocol === "https:" || isLoopbackHost(url.hostname), "plain http is allowed only on a loopback host")
  .refine((url) => url.username === "" && url.password === "", "must not contain credentials")
  .refine((url) => url.pathname === "/" && url.search === "" && url.hash === "", "must be an origin, with no path, query or fragment");
