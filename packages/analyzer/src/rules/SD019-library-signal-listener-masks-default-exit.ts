import { ts } from "ts-morph";
import type { OpenedResource, ProjectModel } from "../model/types.js";
import { createRule } from "./rule.js";
import { callAt, isLiveHandle } from "./shared-facts.js";

export default createRule({
  meta: {
    id: "SD019",
    name: "library-signal-listener-masks-default-exit",
    category: "A",
    severity: "info",
    title: "A library's signal listener disables Node's default exit.",
    rationale:
      "Puppeteer and Playwright install their own SIGTERM/SIGINT listeners by default (`handleSIGTERM: true`). Any listener removes Node's default exit, so SIGTERM now only closes the browser: the rest of the process keeps running with no cleanup of its own.",
    remediation:
      "Launch with `handleSIGTERM: false, handleSIGINT: false, handleSIGHUP: false` and close the browser from your own shutdown routine registered for SIGTERM and SIGINT.",
    messages: {
      masked:
        "The {browser} launched here installs its own SIGTERM listener and the app has none: SIGTERM closes only the browser, and Node's default exit no longer applies.",
      maskedWithHandles:
        "The {browser} launched here installs its own SIGTERM listener and the app has none: SIGTERM closes only the browser while {others} keep the process running.",
    },
  },
  check({ model, report }) {
    const browsers = model.opened.filter((resource) => resource.kind === "browser" && resource.traits.includes("installs-signal-listener"));
    if (browsers.length === 0) return { outcome: "not_applicable", reason: "no Puppeteer or Playwright browser launched" };
    if (model.handledSignals.has("SIGTERM")) return { outcome: "pass", reason: "the app handles SIGTERM itself" };
    const masking = browsers.filter((browser) => !browser.traits.includes("no-signal-listener"));
    if (masking.length === 0) return { outcome: "pass", reason: "every browser is launched with its signal handling turned off" };
    // Other handles stay open when the browser library's listener swallows SIGTERM.
    const others = model.opened.filter((resource) => resource.kind !== "browser" && isLiveHandle(resource));
    const dynamic: string[] = [];
    for (const browser of masking) {
      if (!hasLiteralOptions(model, browser)) {
        dynamic.push(`the options of the ${browser.description} at ${browser.at.file}:${browser.at.line} are built at run time`);
        continue;
      }
      if (others.length > 0) {
        const names = [...new Set(others.map((resource) => resource.description))].join(", ");
        report({
          messageId: "maskedWithHandles",
          data: { browser: browser.description, others: names },
          at: browser.at,
          severity: "low",
          confidence: "high",
        });
      } else {
        report({ messageId: "masked", data: { browser: browser.description }, at: browser.at, confidence: "high" });
      }
    }
    if (dynamic.length > 0) return { outcome: "could_not_determine", reason: dynamic.join("; ") };
    return undefined;
  },
});

/** No options, or an object literal without spreads: what it says about signal handling is all there is. */
function hasLiteralOptions(model: ProjectModel, browser: OpenedResource): boolean {
  const options = callAt(model, browser.at)?.arguments?.[0];
  if (!options) return true;
  return ts.isObjectLiteralExpression(options) && !options.properties.some((property) => ts.isSpreadAssignment(property));
}
