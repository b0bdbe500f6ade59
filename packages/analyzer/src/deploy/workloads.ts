import type { ComposeServiceFacts, ContainerFacts, DeploymentFacts, LaunchStep, PodSpecFacts } from "./types.js";

/**
 * Images of services that run beside an MCP server (databases, caches, proxies, observability).
 * Their stop settings say nothing about the server's shutdown, so grace checks skip them.
 */
const INFRASTRUCTURE_IMAGES = new Set([
  "postgres",
  "postgresql",
  "pgvector",
  "mysql",
  "mariadb",
  "mongo",
  "mongodb",
  "redis",
  "redis-stack",
  "redis-stack-server",
  "valkey",
  "memcached",
  "rabbitmq",
  "nats",
  "kafka",
  "zookeeper",
  "elasticsearch",
  "opensearch",
  "clickhouse-server",
  "minio",
  "qdrant",
  "weaviate",
  "chroma",
  "nginx",
  "traefik",
  "envoy",
  "haproxy",
  "caddy",
  "httpd",
  "busybox",
  "alpine",
  "prometheus",
  "grafana",
  "loki",
  "jaeger",
  "all-in-one",
  "opentelemetry-collector",
  "opentelemetry-collector-contrib",
  "vault",
  "consul",
  "etcd",
  "localstack",
  "mailhog",
  "mailpit",
  "adminer",
  "pgadmin4",
  "cloud-sql-proxy",
]);

/** Kinds whose pods run to completion (migrations, batch): not the long-running server. */
const RUN_TO_COMPLETION = new Set(["Job", "CronJob"]);

/** `ghcr.io/acme/redis:7-alpine@sha256:…` → `redis`. */
export function imageName(image: string): string {
  const withoutDigest = image.split("@")[0] ?? image;
  const lastSegment = withoutDigest.split("/").pop() ?? withoutDigest;
  return (lastSegment.split(":")[0] ?? lastSegment).toLowerCase();
}

export function isInfrastructureImage(image: string | undefined): boolean {
  return image !== undefined && INFRASTRUCTURE_IMAGES.has(imageName(image));
}

export function launchRunsJavaScript(launch: LaunchStep[] | undefined): boolean {
  return (launch ?? []).some((step) => step.kind === "package-manager" || (step.kind === "program" && step.runsJavaScript));
}

/** Compose services that run the project: built from the repository, or not a known infrastructure image. */
export function appComposeServices(facts: DeploymentFacts): ComposeServiceFacts[] {
  return facts.compose.filter(
    (service) => service.build !== undefined || launchRunsJavaScript(service.launch) || !isInfrastructureImage(service.image),
  );
}

export function appContainers(pod: PodSpecFacts): ContainerFacts[] {
  return pod.containers.filter((container) => launchRunsJavaScript(container.launch) || !isInfrastructureImage(container.image));
}

/** Long-running pod specs with at least one container that is not a known infrastructure image. */
export function appPodSpecs(facts: DeploymentFacts): PodSpecFacts[] {
  return facts.kubernetes.filter((pod) => !RUN_TO_COMPLETION.has(pod.kind) && appContainers(pod).length > 0);
}
