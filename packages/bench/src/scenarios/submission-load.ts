import { fixtureRepositoryFiles } from "@lastcall/testkit";
import { medianRange, ms, table } from "../format.js";
import { progress, type ScenarioResult } from "../scenario.js";
import type { BenchServices } from "../service/bench-services.js";
import { submitThroughApi } from "../service/submit-through-api.js";
import type { RunningWebServer, WebStack } from "../service/web-server.js";
import { percentile, summarize } from "../stats.js";

const ROUNDS = 3;
const CONCURRENT = 100;
const ALL_JOB_STATES = ["waiting", "active", "completed", "failed", "delayed", "prioritized", "waiting-children"] as const;

interface StormRound {
  allAnsweredMs: number;
  answerP50: number;
  answerP95: number;
  statuses: string;
  scanIds: number;
  scans: number;
  jobs: number;
}

/** One round: a new repository, then 100 identical submissions of it at once, with no worker running (the job stays queued to be counted). */
async function storm(services: BenchServices, web: RunningWebServer, round: number): Promise<StormRound> {
  const owner = "bench";
  const name = `storm-${round}`;
  await services.git.commit(`${owner}/${name}`, { files: await fixtureRepositoryFiles(), message: "initial" });
  const url = `${services.git.url}/${owner}/${name}`;
  const startedAt = Date.now();
  const answers = await Promise.all(Array.from({ length: CONCURRENT }, () => submitThroughApi(web.baseUrl, url)));
  const allAnsweredMs = Math.max(...answers.map((answer) => answer.answeredAt)) - startedAt;
  const statuses = new Map<number, number>();
  for (const answer of answers) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
  const scanIds = new Set(answers.map((answer) => answer.scanId));
  const scans = await services.db.scan.count({ where: { repository: { owner, name } } });
  const jobs = (await services.queue.getJobs([...ALL_JOB_STATES])).filter(
    (job) => "scanId" in job.data && scanIds.has(job.data.scanId),
  ).length;
  const answerTimes = answers.map((answer) => answer.answeredAt - answer.sentAt);
  return {
    allAnsweredMs,
    answerP50: percentile(answerTimes, 50),
    answerP95: percentile(answerTimes, 95),
    statuses: [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, times]) => `${times}× ${status}`)
      .join(", "),
    scanIds: scanIds.size,
    scans,
    jobs,
  };
}

/** 100 concurrent identical `POST /api/v1/scans` → one scan and one job, and how long until every request is answered. */
export async function submissionLoad({ services, server: web }: WebStack): Promise<ScenarioResult> {
  const rounds: StormRound[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    progress(`submissions: round ${round + 1}/${ROUNDS}`);
    rounds.push(await storm(services, web, round));
  }
  const single = rounds.every((round) => round.scanIds === 1 && round.scans === 1 && round.jobs === 1);
  const rows = rounds.map((round, index) => [
    String(index + 1),
    ms(round.allAnsweredMs),
    ms(round.answerP50),
    ms(round.answerP95),
    round.statuses,
    String(round.scanIds),
    String(round.scans),
    String(round.jobs),
  ]);
  const markdown = [
    `${CONCURRENT} identical submissions of one repository's URL sent at once (one connection each) to \`POST /api/v1/scans\`, rate ` +
      `limits raised, ${ROUNDS} rounds with a new repository each. Every request resolves the default branch with \`git ls-remote\` ` +
      "against the local git server before it stores anything. Scans are counted in PostgreSQL, jobs in BullMQ (every state).",
    table(["round", "all answered", "answer p50", "answer p95", "statuses", "scan ids answered", "scans stored", "jobs queued"], rows),
    `All ${CONCURRENT} answered in: median **${medianRange(summarize(rounds.map((round) => round.allAnsweredMs)))}**.`,
  ].join("\n\n");
  return {
    markdown,
    targets: [
      {
        target: `${CONCURRENT} concurrent identical submissions → one scan and one job (every round)`,
        measured: single ? "yes" : `no: ${rounds.map((round) => `${round.scans} scans/${round.jobs} jobs`).join("; ")}`,
        met: single,
      },
    ],
  };
}
