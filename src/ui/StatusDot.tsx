export type Tone = 'ok' | 'warn' | 'bad' | 'idle';

export function StatusDot({ tone }: { tone: Tone }) {
  return <span className={`status-dot status-dot--${tone}`} aria-hidden="true" />;
}
