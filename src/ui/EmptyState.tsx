import type { ReactNode } from 'react';

/** An honest empty state: says what will appear here and how it gets here. */
export function EmptyState({ icon, title, body }: { icon: ReactNode; title: string; body: string }) {
  return (
    <div className="empty-state" role="status">
      <div className="empty-state__icon">{icon}</div>
      <h2 className="empty-state__title">{title}</h2>
      <p className="empty-state__body">{body}</p>
    </div>
  );
}
