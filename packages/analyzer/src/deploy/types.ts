// Placeholder contract; the deployment readers define the full shape.
export interface DeploymentFacts {
  dockerfiles: unknown[];
  compose: unknown[];
  kubernetes: unknown[];
  systemd: unknown[];
}
