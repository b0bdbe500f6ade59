import { readFile } from "node:fs/promises";

/** The parts of V8's `.cpuprofile` (Chrome DevTools' Profiler.Profile) read here. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>;
  /** Microseconds on the monotonic clock, which is `process.hrtime` in every process of the machine. */
  startTime: number;
  samples: number[];
  /** Microseconds between one sample and the previous; the time a sample stands for is the next delta. */
  timeDeltas: number[];
}

export interface CallFrame {
  functionName: string;
  url: string;
}

export interface Bucket {
  name: string;
  ms: number;
  share: number;
}

/**
 * Sums a profile's samples into buckets: `classify` sees each sample's stack, outermost frame
 * first, and names its buckets — one for a partition of the time, several or none for overlapping
 * views ("on the stack") — or returns undefined to leave the sample out of the total too (idle
 * time). Shares are of the time of the samples kept. `window` keeps only samples taken between two
 * `process.hrtime` readings in microseconds.
 */
export async function bucketProfile(
  file: string,
  classify: (stack: readonly CallFrame[]) => readonly string[] | undefined,
  window?: { fromUs: number; toUs: number },
): Promise<{ totalMs: number; buckets: Bucket[] }> {
  const profile = JSON.parse(await readFile(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const stacks = new Map<number, CallFrame[]>();
  const stackOf = (id: number): CallFrame[] => {
    let stack = stacks.get(id);
    if (stack === undefined) {
      stack = [];
      for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
        const node = byId.get(at);
        if (node !== undefined) stack.unshift(node.callFrame);
      }
      stacks.set(id, stack);
    }
    return stack;
  };

  const sums = new Map<string, number>();
  let totalUs = 0;
  let at = profile.startTime;
  for (const [index, sample] of profile.samples.entries()) {
    at += profile.timeDeltas[index] ?? 0;
    const us = profile.timeDeltas[index + 1] ?? 0;
    if (window !== undefined && (at < window.fromUs || at > window.toUs)) continue;
    const buckets = classify(stackOf(sample));
    if (buckets === undefined) continue;
    totalUs += us;
    for (const bucket of buckets) sums.set(bucket, (sums.get(bucket) ?? 0) + us);
  }
  const buckets = [...sums]
    .map(([name, us]) => ({ name, ms: us / 1000, share: us / totalUs }))
    .sort((a, b) => b.ms - a.ms || a.name.localeCompare(b.name));
  return { totalMs: totalUs / 1000, buckets };
}

/** The npm package a frame's code comes from (`@prisma/client`, `next`), if any. */
export function packageOf(frame: CallFrame): string | undefined {
  return /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(frame.url)?.[1];
}

/** `process.hrtime` in microseconds, the profile's own clock. */
export const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);
