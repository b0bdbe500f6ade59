import { describe, expect, it } from "vitest";
import type { ParseError } from "../report.js";
import { sourceText } from "./source-text.js";
import { readSystemdUnit } from "./systemd.js";

const UNIT = `[Unit]
Description=Weather MCP server
After=network-online.target

[Service]
Type=simple
User=mcp
; the environment file holds the API key
EnvironmentFile=/etc/mcp/weather.env
ExecStartPre=/usr/bin/node /opt/mcp/dist/migrate.js
ExecStart=/usr/bin/node /opt/mcp/dist/index.js \\
    --transport http --port 3000
TimeoutSec=2min
TimeoutStopSec=1min 30s
KillMode=mixed
KillSignal=SIGINT
Restart=on-failure

[Install]
WantedBy=multi-user.target
`;

describe("readSystemdUnit", () => {
  it("reads the stop settings of the [Service] section with their lines", () => {
    const errors: ParseError[] = [];
    const unit = readSystemdUnit(sourceText("deploy/weather-mcp.service", UNIT), errors);
    expect(errors).toEqual([]);
    expect(unit).toMatchObject({
      file: "deploy/weather-mcp.service",
      at: { line: 5, excerpt: "[Service]" },
      timeoutStop: { seconds: 90, source: "file", raw: "1min 30s", at: { line: 14 } },
      timeoutStopSec: { seconds: 90, at: { line: 14 } },
      timeoutSec: { seconds: 120, raw: "2min", at: { line: 13 } },
      killMode: { value: "mixed", source: "file", at: { line: 15, excerpt: "KillMode=mixed" } },
      killSignal: { signal: "SIGINT", source: "file", at: { line: 16 } },
    });
    expect(unit?.execStart).toEqual([
      {
        argv: ["/usr/bin/node", "/opt/mcp/dist/index.js", "--transport", "http", "--port", "3000"],
        at: {
          file: "deploy/weather-mcp.service",
          line: 11,
          column: 1,
          endLine: 12,
          endColumn: 33,
          excerpt: "ExecStart=/usr/bin/node /opt/mcp/dist/index.js \\",
        },
      },
    ]);
  });

  it("uses systemd's defaults at the [Service] header when nothing is set", () => {
    const unit = readSystemdUnit(sourceText("mcp.service", "[Service]\nExecStart=-/usr/bin/npm start\n"), []);
    const header = { file: "mcp.service", line: 1, column: 1, endLine: 1, endColumn: 10, excerpt: "[Service]" };
    expect(unit).toEqual({
      file: "mcp.service",
      at: header,
      timeoutStop: { seconds: 90, source: "default", at: header },
      killMode: { value: "control-group", source: "default", at: header },
      killSignal: { signal: "SIGTERM", source: "default", at: header },
      execStart: [{ argv: ["/usr/bin/npm", "start"], at: expect.objectContaining({ line: 2 }) }],
    });
  });

  it("lets the last of TimeoutSec= and TimeoutStopSec= win, and an empty value reset it", () => {
    const later = readSystemdUnit(sourceText("a.service", "[Service]\nTimeoutStopSec=5\nTimeoutSec=infinity\n"), []);
    expect(later?.timeoutStop).toMatchObject({ seconds: Number.POSITIVE_INFINITY, raw: "infinity", at: { line: 3 } });
    const reset = readSystemdUnit(sourceText("b.service", "[Service]\nTimeoutStopSec=5\nTimeoutStopSec=\nExecStart=\n"), []);
    expect(reset?.timeoutStop).toMatchObject({ seconds: 90, source: "default" });
    expect(reset?.timeoutStopSec).toBeUndefined();
    expect(reset?.execStart).toEqual([]);
  });

  it("records values and lines it cannot read", () => {
    const errors: ParseError[] = [];
    const unit = readSystemdUnit(sourceText("c.service", "[Service]\nTimeoutStopSec=soon\nthis is not a setting\n"), errors);
    expect(unit?.timeoutStop).toMatchObject({ seconds: null, source: "file", raw: "soon" });
    expect(errors).toEqual([
      { file: "c.service", line: 3, message: "not an assignment: this is not a setting" },
      { file: "c.service", line: 2, message: '"soon" is not a systemd time span' },
    ]);
  });

  it("ignores files that are not service units", () => {
    const avahi = '<?xml version="1.0" standalone="no"?>\n<service-group>\n  <name>mcp</name>\n</service-group>\n';
    expect(readSystemdUnit(sourceText("avahi/mcp.service", avahi), [])).toBeUndefined();
    expect(readSystemdUnit(sourceText("mcp.socket.service", "[Socket]\nListenStream=3000\n"), [])).toBeUndefined();
  });
});
