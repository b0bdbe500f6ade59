export const TOOL_NAME = "lastcall";
export const ANALYZER_VERSION = "0.1.0";
/** Version of RULES.md the rules implement; scores from different rule sets are not comparable. */
export const RULESET_VERSION = "1.0.0";
