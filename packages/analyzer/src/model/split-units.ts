import { signalsHandledBy } from "./build-project-model.js";
import type { ProjectModel } from "./types.js";

export interface AnalysisUnit {
  /** Repository-relative directory of the unit's package.json ("" for the root). */
  dir: string;
  model: ProjectModel;
}

/**
 * ANALYZER.md, Entry points and profiles: a monorepo whose entry points live in several packages
 * (each with its own package.json) is judged per package. Each unit sees its entry points, the
 * code they import (shared packages included), the files under its directory, and deployment files
 * that are its own or belong to no unit. Returns nothing when there are fewer than two units.
 */
export function splitUnits(model: ProjectModel, packageDirs: string[]): AnalysisUnit[] | undefined {
  const dirs = [...new Set(packageDirs)].sort((a, b) => b.length - a.length);
  const packageOf = (file: string): string => dirs.find((dir) => dir === "" || file.startsWith(`${dir}/`)) ?? "";
  const unitDirs = [...new Set(model.entryPoints.map((entry) => packageOf(entry.file)))].sort();
  if (unitDirs.length < 2) return undefined;

  return unitDirs.map((dir) => {
    const entryPoints = model.entryPoints.filter((entry) => packageOf(entry.file) === dir);
    const files = new Set(entryPoints.flatMap((entry) => entry.closure));
    for (const file of model.modules.keys()) if (packageOf(file) === dir) files.add(file);
    const own = (at: { file: string }) => files.has(at.file);
    const ownDeployment = (fact: { file: string }) => {
      const owner = packageOf(fact.file);
      return owner === dir || !unitDirs.includes(owner);
    };
    const triggers = model.triggers.filter((trigger) => own(trigger.at));
    const unitModel: ProjectModel = {
      ...model,
      entryPoints,
      profiles: new Set(entryPoints.flatMap((entry) => entry.profiles)),
      triggers,
      handledSignals: signalsHandledBy(triggers),
      stdioInputs: model.stdioInputs.filter((input) => own(input.at)),
      unresolvedListeners: model.unresolvedListeners.filter(own),
      opened: model.opened.filter((resource) => own(resource.at)),
      deadlines: model.deadlines.filter((deadline) => own(deadline.at)),
      toolHandlers: model.toolHandlers.filter((handler) => own(handler.at)),
      secrets: model.secrets.filter((secret) => own(secret.at)),
      secretEnvWrites: model.secretEnvWrites.filter(own),
      secretEnvReads: model.secretEnvReads.filter(own),
      exits: model.exits.filter((exit) => own(exit.at)),
      httpSessions: model.httpSessions.filter((session) => own(session.at)),
      deployment: {
        ...model.deployment,
        dockerfiles: model.deployment.dockerfiles.filter(ownDeployment),
        compose: model.deployment.compose.filter(ownDeployment),
        kubernetes: model.deployment.kubernetes.filter(ownDeployment),
        systemd: model.deployment.systemd.filter(ownDeployment),
      },
    };
    return { dir, model: unitModel };
  });
}
