"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { describeStatus, isFinal, PROGRESS_STEPS, parseScanStatus, type ScanStatusView } from "@/view/scan-status";

const POLL_INTERVAL_MS = 2_000;

/**
 * Follows a scan live: server-sent events from `/api/v1/scans/<id>/events`, or polling
 * `/api/v1/scans/<id>` every 2 s once the event stream fails (a proxy that buffers it, a dropped
 * connection). At the end the page is refreshed, and the server renders the report or the failure.
 */
export function ScanProgress({ scanId, initial }: { scanId: string; initial: ScanStatusView }) {
  const router = useRouter();
  const [status, setStatus] = useState(initial);
  // The step a failure happened on stays marked; the failure itself is the status line.
  const [stepStage, setStepStage] = useState(initial.stage);
  const final = isFinal(status.stage);

  useEffect(() => {
    if (final) return;
    const base = `/api/v1/scans/${encodeURIComponent(scanId)}`;
    let poll: ReturnType<typeof setInterval> | undefined;
    const events = new EventSource(`${base}/events`);
    const update = (payload: unknown) => {
      const next = parseScanStatus(payload);
      if (next === undefined) return;
      setStatus(next);
      if (next.stage !== "failed") setStepStage(next.stage);
    };
    events.addEventListener("progress", (event) => {
      try {
        update(JSON.parse((event as MessageEvent<string>).data));
      } catch {
        // A malformed event is skipped; the next one (or the poll) brings the state.
      }
    });
    events.onerror = () => {
      events.close();
      poll ??= setInterval(async () => {
        const response = await fetch(base, { headers: { accept: "application/json" }, cache: "no-store" }).catch(() => undefined);
        if (response?.ok) update(await response.json().catch(() => undefined));
      }, POLL_INTERVAL_MS);
    };
    return () => {
      events.close();
      clearInterval(poll);
    };
  }, [scanId, final]);

  useEffect(() => {
    if (!final) return;
    router.refresh();
    // Until the server has the final state too (this component is then replaced by the report).
    const retry = setInterval(() => router.refresh(), POLL_INTERVAL_MS);
    return () => clearInterval(retry);
  }, [final, router]);

  const activeIndex = PROGRESS_STEPS.findIndex((step) => step.stage === stepStage);
  const percent =
    status.stage === "analyzing" && status.filesTotal ? Math.round(((status.filesDone ?? 0) / status.filesTotal) * 100) : undefined;

  return (
    <section className="progress" aria-labelledby="progress-heading">
      <h2 id="progress-heading">Scan in progress</h2>
      <p className="progress__status" role="status" aria-live="polite" data-stage={status.stage}>
        {describeStatus(status)}
      </p>
      <ol className="progress__steps">
        {PROGRESS_STEPS.map((step, index) => {
          const state = index < activeIndex || stepStage === "done" ? "complete" : index === activeIndex ? "current" : "pending";
          return (
            <li
              key={step.stage}
              className={`progress__step progress__step--${state}`}
              aria-current={state === "current" ? "step" : undefined}
            >
              <span className="progress__marker" aria-hidden="true" />
              <span>
                {step.label}
                {step.stage === "analyzing" && status.filesTotal !== null && state !== "pending"
                  ? ` (${status.filesDone ?? 0}/${status.filesTotal} files)`
                  : ""}
              </span>
            </li>
          );
        })}
      </ol>
      {percent !== undefined ? (
        <progress className="progress__bar" max={100} value={percent} aria-label="Files analyzed">
          {percent}%
        </progress>
      ) : null}
    </section>
  );
}
