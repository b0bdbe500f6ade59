import { expect, it } from "vitest";
import { pickGitEnv } from "./git-env.js";

it("passes git only PATH, HOME, proxies and CA settings", () => {
  const env = pickGitEnv({
    PATH: "/usr/bin",
    HOME: "/home/dev",
    HTTPS_PROXY: "http://proxy:3128",
    SSL_CERT_FILE: "/etc/ca.pem",
    NO_PROXY: undefined,
    GIT_DIR: "/somewhere/else",
    GIT_SSH_COMMAND: "sh -c evil",
    GIT_ASKPASS: "/usr/bin/leak",
    GIT_CONFIG_GLOBAL: "/home/dev/.gitconfig",
    GITHUB_TOKEN: "ghp_secret",
  });
  expect(env).toEqual({ PATH: "/usr/bin", HOME: "/home/dev", HTTPS_PROXY: "http://proxy:3128", SSL_CERT_FILE: "/etc/ca.pem" });
});
