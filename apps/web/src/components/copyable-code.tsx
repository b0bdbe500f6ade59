import { CopyButton } from "./copy-button";

/** A command or snippet to paste elsewhere: its label and copy button, then the text in full. */
export function CopyableCode({ label, text, copyLabel }: { label: string; text: string; copyLabel: string }) {
  return (
    <div className="copyable">
      <div className="copyable__head">
        <span className="copyable__label">{label}</span>
        <CopyButton text={text} label={copyLabel} />
      </div>
      <pre className="copyable__text">
        <code>{text}</code>
      </pre>
    </div>
  );
}
