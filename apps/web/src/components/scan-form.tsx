"use client";

import { type FormEvent, useState } from "react";
import { useScanSubmission } from "./use-scan-submission";

/**
 * The one input: a repository URL. A new scan and a commit scanned before both lead to the scan's page
 * (which shows the report at once for the latter); a rejected URL shows the API's reason under the field.
 */
export function ScanForm({ placeholder }: { placeholder: string }) {
  const [url, setUrl] = useState("");
  const { error, setError, pending, submit } = useScanSubmission();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = url.trim();
    if (value === "") {
      setError("Enter the URL of a GitHub repository, or owner/repo.");
      return;
    }
    await submit({ url: value });
  }

  return (
    <form className="scan-form" onSubmit={onSubmit} noValidate>
      <label htmlFor="repository-url" className="scan-form__label">
        GitHub repository
      </label>
      <div className="scan-form__row">
        <input
          id="repository-url"
          name="url"
          type="text"
          inputMode="url"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          placeholder={placeholder}
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          aria-describedby="repository-url-hint repository-url-error"
          aria-invalid={error === "" ? undefined : true}
          className="input"
        />
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Starting…" : "Scan"}
        </button>
      </div>
      <p id="repository-url-hint" className="hint">
        Also <code>owner/repo</code>, a branch or tag as <code>…/tree/&lt;ref&gt;</code>, or a server in a subdirectory as{" "}
        <code>…/tree/&lt;ref&gt;/&lt;dir&gt;</code>.
      </p>
      <p id="repository-url-error" className="form-error" aria-live="polite">
        {error}
      </p>
    </form>
  );
}
