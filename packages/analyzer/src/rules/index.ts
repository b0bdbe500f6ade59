import type { Rule } from "./rule.js";
import SD001 from "./SD001-no-termination-signal-handler.js";
import SD002 from "./SD002-abrupt-exit-in-shutdown.js";
import SD003 from "./SD003-stdio-eof-not-handled.js";
import SD004 from "./SD004-http-listener-not-closed.js";
import SD005 from "./SD005-unbounded-drain.js";
import SD006 from "./SD006-drain-deadline-exceeds-platform-grace.js";
import SD007 from "./SD007-tool-ignores-cancellation.js";
import SD008 from "./SD008-intake-not-stopped-before-drain.js";
import SD009 from "./SD009-resource-left-open.js";
import SD010 from "./SD010-logs-not-flushed.js";
import SD011 from "./SD011-telemetry-not-flushed.js";
import SD012 from "./SD012-credentials-retained.js";
import SD013 from "./SD013-secret-leases-not-revoked.js";
import SD014 from "./SD014-crash-handler-missing-or-unsafe.js";
import SD015 from "./SD015-non-idempotent-shutdown.js";
import SD016 from "./SD016-container-signal-delivery.js";
import SD017 from "./SD017-orchestrator-grace-too-short.js";
import SD018 from "./SD018-async-cleanup-in-exit-event.js";
import SD019 from "./SD019-library-signal-listener-masks-default-exit.js";
import SD020 from "./SD020-http-session-lifecycle.js";

/** Every rule, by id. Each rule module default-exports its `createRule(…)` result. */
export const allRules: readonly Rule[] = [
  SD001,
  SD002,
  SD003,
  SD004,
  SD005,
  SD006,
  SD007,
  SD008,
  SD009,
  SD010,
  SD011,
  SD012,
  SD013,
  SD014,
  SD015,
  SD016,
  SD017,
  SD018,
  SD019,
  SD020,
];
