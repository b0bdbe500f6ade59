const CODE_SPAN = /`([^`]+)`/;

/**
 * Analyzer text (messages, rationales, remediations) marks code with backticks, as Markdown does;
 * those spans become `<code>`. Everything stays text, so nothing in it can become markup.
 */
export function TextWithCode({ text }: { text: string }) {
  const match = CODE_SPAN.exec(text);
  if (match === null) return text;
  return (
    <>
      {text.slice(0, match.index)}
      <code>{match[1]}</code>
      <TextWithCode text={text.slice(match.index + match[0].length)} />
    </>
  );
}
