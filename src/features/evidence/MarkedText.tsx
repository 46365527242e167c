import './evidence.css';
import type { Range } from './highlight';
import { splitMarks } from './highlight';

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
