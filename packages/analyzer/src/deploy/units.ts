/** Signal numbers as Linux numbers them (x86 and arm share these), for `STOPSIGNAL 15` and friends. */
const SIGNAL_NUMBERS: Record<string, string> = {
  "1": "SIGHUP",
  "2": "SIGINT",
  "3": "SIGQUIT",
  "6": "SIGABRT",
  "9": "SIGKILL",
  "10": "SIGUSR1",
  "12": "SIGUSR2",
  "15": "SIGTERM",
  "28": "SIGWINCH",
};

/** `TERM`, `sigterm`, `15` → `SIGTERM`: the form `model.handledSignals` uses. */
export function normalizeSignal(raw: string): string {
  const value = raw.trim().toUpperCase();
  const byNumber = SIGNAL_NUMBERS[value];
  if (byNumber) return byNumber;
  return value.startsWith("SIG") ? value : `SIG${value}`;
}

const COMPOSE_UNITS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
};

/**
 * Compose durations (`stop_grace_period`) are Go durations: `1m30s`, `45s`, `2m`, `1.5s`,
 * `500ms`; compose also takes `d`. A bare number is read as seconds, like `docker run --stop-timeout`.
 */
export function parseComposeDuration(text: string): number | null {
  const value = text.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  return sumComponents(value, /(\d+(?:\.\d+)?)([a-zµ]+)/y, COMPOSE_UNITS);
}

/** systemd.time(7) units; `m` is minutes and `M` months, so matching is case-sensitive. */
const SYSTEMD_UNITS: Record<string, number> = {
  usec: 1e-6,
  us: 1e-6,
  µs: 1e-6,
  msec: 1e-3,
  ms: 1e-3,
  seconds: 1,
  second: 1,
  sec: 1,
  s: 1,
  "": 1,
  minutes: 60,
  minute: 60,
  min: 60,
  m: 60,
  hours: 3600,
  hour: 3600,
  hr: 3600,
  h: 3600,
  days: 86400,
  day: 86400,
  d: 86400,
  weeks: 604800,
  week: 604800,
  w: 604800,
  months: 2629800,
  month: 2629800,
  M: 2629800,
  years: 31557600,
  year: 31557600,
  y: 31557600,
};

/**
 * systemd time spans: `30s`, `1min 30s`, `2min`, `1h`, plain numbers in seconds. `infinity` and,
 * for `TimeoutStopSec=`, `0` disable the timeout (systemd.service(5)): the result is `Infinity`.
 */
export function parseSystemdTimespan(text: string): number | null {
  const value = text.trim();
  if (value === "infinity") return Number.POSITIVE_INFINITY;
  const seconds = sumComponents(value, /\s*(\d+(?:\.\d+)?)\s*([a-zA-Zµ]*)\s*/y, SYSTEMD_UNITS);
  return seconds === 0 ? Number.POSITIVE_INFINITY : seconds;
}

/**
 * Adds up `<number><unit>` components matched one after another by a sticky pattern; null when
 * the text is empty or anything else appears. A loop, not one validating pattern, so untrusted
 * input cannot make the regular expression backtrack exponentially.
 */
function sumComponents(value: string, component: RegExp, units: Record<string, number>): number | null {
  if (value === "") return null;
  let seconds = 0;
  component.lastIndex = 0;
  while (component.lastIndex < value.length) {
    const match = component.exec(value);
    if (!match) return null;
    const unit = units[match[2] ?? ""];
    if (unit === undefined) return null;
    seconds += Number(match[1]) * unit;
  }
  return Math.round(seconds * 1e6) / 1e6;
}
