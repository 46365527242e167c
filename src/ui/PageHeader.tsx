export function PageHeader({ title, subtitle }: { title: string; subtitle: string }) {
  return (
    <header className="page-header">
      <h1 className="page-header__title" id="page-title">{title}</h1>
      <p className="page-header__subtitle">{subtitle}</p>
    </header>
  );
}
