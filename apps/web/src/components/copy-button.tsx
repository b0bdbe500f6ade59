"use client";

import { useState } from "react";

/** Copies `text`, and says so in a live region (screen readers hear it; the label stays "Copy"). */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [status, setStatus] = useState("");

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setStatus("Copied");
    } catch {
      // The Clipboard API needs a secure context (https or localhost); elsewhere the user copies by hand.
      setStatus("Copy failed: select the text and copy it");
    }
    setTimeout(() => setStatus(""), 2_000);
  }

  return (
    <span className="copy-button">
      <button type="button" className="button button--small button--secondary" onClick={copy}>
        {label}
      </button>
      <span className="copy-button__status" aria-live="polite">
        {status}
      </span>
    </span>
  );
}
