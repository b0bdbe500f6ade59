import { describe, expect, it } from "vitest";
import { badgeContent, renderBadge, splitBadgeFile } from "./repository-badge.js";

describe("badgeContent", () => {
  it("shows score and grade in the grade's colour", () => {
    expect(badgeContent({ scored: true, score: 87, grade: "B" })).toEqual({ label: "shutdown", message: "87 · B", color: "green" });
    const colours = ["A", "B", "C", "D", "F"].map((grade) => badgeContent({ scored: true, score: 50, grade }).color);
    expect(colours).toEqual(["brightgreen", "green", "yellow", "orange", "red"]);
  });

  it("is grey without a completed scan, or when the latest one could not be scored", () => {
    expect(badgeContent(null)).toEqual({ label: "shutdown", message: "not scanned", color: "lightgrey" });
    expect(badgeContent({ scored: false, score: null, grade: null })).toEqual({
      label: "shutdown",
      message: "not scored",
      color: "lightgrey",
    });
  });
});

describe("renderBadge", () => {
  it("renders SVG, and the shields.io endpoint JSON", () => {
    const content = { label: "shutdown", message: "87 · B", color: "green" };
    const svg = renderBadge(content, "svg");
    expect(svg.contentType).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.body).toContain("87 · B");
    expect(JSON.parse(renderBadge(content, "json").body)).toEqual({ schemaVersion: 1, ...content });
  });
});

describe("splitBadgeFile", () => {
  it("takes the last extension, which must be svg or json", () => {
    expect(splitBadgeFile("server.svg")).toEqual({ repo: "server", format: "svg" });
    expect(splitBadgeFile("my.server.json")).toEqual({ repo: "my.server", format: "json" });
    expect(splitBadgeFile("server.png")).toBeUndefined();
    expect(splitBadgeFile("server")).toBeUndefined();
  });
});
