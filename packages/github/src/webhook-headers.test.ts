import { describe, expect, it } from "vitest";
import { parseWebhookHeaders } from "./webhook-headers.js";

const complete = {
  "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
  "x-github-event": "pull_request",
  "x-hub-signature-256": "sha256=d57c68ca6f92289e6987922ff26938930f6e66a2d161ef06abdf1859230aa23c",
};
const parsed = { ok: true, delivery: complete["x-github-delivery"], event: "pull_request", signature: complete["x-hub-signature-256"] };

describe("parseWebhookHeaders", () => {
  it("reads Node's lower-cased header record", () => {
    expect(parseWebhookHeaders({ ...complete, "content-type": "application/json" })).toEqual(parsed);
  });

  it("reads Fetch API headers, whatever the case", () => {
    expect(
      parseWebhookHeaders(
        new Headers({
          "X-GitHub-Delivery": complete["x-github-delivery"],
          "X-GitHub-Event": "pull_request",
          "X-Hub-Signature-256": complete["x-hub-signature-256"],
        }),
      ),
    ).toEqual(parsed);
  });

  it("names every missing or empty header", () => {
    expect(parseWebhookHeaders({ "x-github-event": "push", "x-github-delivery": " " })).toEqual({
      ok: false,
      missing: ["x-github-delivery", "x-hub-signature-256"],
    });
    expect(parseWebhookHeaders(new Headers())).toEqual({
      ok: false,
      missing: ["x-github-delivery", "x-github-event", "x-hub-signature-256"],
    });
  });

  it("takes a one-element array but not an ambiguous one", () => {
    expect(parseWebhookHeaders({ ...complete, "x-github-event": ["pull_request"] })).toEqual(parsed);
    expect(parseWebhookHeaders({ ...complete, "x-github-event": ["push", "pull_request"] })).toEqual({
      ok: false,
      missing: ["x-github-event"],
    });
  });
});
