import { describe, expect, it } from "vitest";
import { readDeployment } from "./read-deployment.js";
import { appComposeServices, appPodSpecs, imageName, isInfrastructureImage } from "./workloads.js";

describe("imageName", () => {
  it.each([
    ["postgres:16-alpine", "postgres"],
    ["docker.io/library/redis:7", "redis"],
    ["bitnami/postgresql", "postgresql"],
    ["ghcr.io/acme/mcp-server:1.4.0@sha256:abc", "mcp-server"],
    ["localhost:5000/acme/Redis", "redis"],
  ])("%s → %s", (image, name) => {
    expect(imageName(image)).toBe(name);
  });

  it("knows infrastructure images", () => {
    expect(isInfrastructureImage("redis:7-alpine")).toBe(true);
    expect(isInfrastructureImage("ghcr.io/acme/mcp-server:1")).toBe(false);
    expect(isInfrastructureImage(undefined)).toBe(false);
  });
});

describe("app workloads", () => {
  const compose = `services:
  mcp:
    build: .
  published:
    image: ghcr.io/acme/mcp-server:1.4.0
  db:
    image: postgres:16
  migrate:
    image: node:22-alpine
    command: ["node", "migrate.js"]
`;
  const manifests = `kind: Deployment
metadata: { name: mcp }
spec:
  template:
    spec:
      containers:
        - name: mcp
          image: ghcr.io/acme/mcp-server:1.4.0
---
kind: StatefulSet
metadata: { name: redis }
spec:
  template:
    spec:
      containers:
        - name: redis
          image: redis:7
---
kind: Job
metadata: { name: migrate }
spec:
  template:
    spec:
      containers:
        - name: migrate
          image: ghcr.io/acme/mcp-server:1.4.0
`;
  const facts = readDeployment(
    [
      { path: "compose.yaml", text: compose },
      { path: "k8s/all.yaml", text: manifests },
    ],
    () => undefined,
  );

  it("keeps services built here or running images that are not infrastructure", () => {
    expect(appComposeServices(facts).map((service) => service.name)).toEqual(["mcp", "published", "migrate"]);
  });

  it("keeps long-running pods with an app container", () => {
    expect(appPodSpecs(facts).map((pod) => pod.name)).toEqual(["mcp"]);
  });
});
