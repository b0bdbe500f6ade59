import type { OutputStream } from "./cli-io.js";

export interface Progress {
  /** Replaces the status line, e.g. "cloning …". */
  status(text: string): void;
  /** For `analyze`'s `onProgress`: files done of total, redrawn when the percentage changes. */
  update(done: number, total: number): void;
  /** Removes the status line before the report or an error is printed. */
  clear(): void;
}

const CLEAR_LINE = "\r\u001b[2K";

/** A one-line progress display on `stream`, or undefined when it is not a terminal (logs, pipes, CI). */
export function createProgress(stream: OutputStream): Progress | undefined {
  if (stream.isTTY !== true) return undefined;
  let shown = false;
  let lastPercent = -1;
  const show = (text: string) => {
    stream.write(`${CLEAR_LINE}${text}`);
    shown = true;
  };
  return {
    status: show,
    update(done, total) {
      const percent = total === 0 ? 100 : Math.floor((done * 100) / total);
      if (percent === lastPercent && done !== total) return;
      lastPercent = percent;
      show(`analyzing: ${done}/${total} files (${percent}%)`);
    },
    clear() {
      if (shown) stream.write(CLEAR_LINE);
      shown = false;
      lastPercent = -1;
    },
  };
}
