/** Shown when the app cannot reach main at all; plain text in both languages, no i18n needed. */
export function StartupError({ message }: { message: string }) {
  return (
    <div className="startup-error" role="alert" data-testid="startup-error">
      <h1>无法启动 · Gavel failed to start</h1>
      <p>{message}</p>
    </div>
  );
}
