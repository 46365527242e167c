import type { Range } from '../features/case/highlight';
import { splitMarks } from '../features/case/highlight';

/** Renders untrusted text with marked ranges, as text nodes only (never HTML). */
export function MarkedText({ text, ranges }: { text: string; ranges: readonly Range[] }) {
  const segments = splitMarks(text, ranges);
  return (
    <>
      {segments.map((s, i) =>
        s.mark ? (
          <mark key={i} className={`mark mark--${s.mark}`}>
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}
