import { useTranslation } from 'react-i18next';
import { problemSection } from './decisionModel';

type Problem = { field: string; message: string };

/** The problems of one section of a decision form: what to fix in the UI language, and the rule's own words. */
export function Problems({ problems, section }: { problems: readonly Problem[]; section: string }) {
  const { t } = useTranslation();
  const list = problems.filter((p) => problemSection(p.field) === section);
  if (list.length === 0) return null;
  return (
    <div role="alert">
      <ul className="problems">
        {list.map((p, i) => (
          <li key={i}>
            {t(`decision.problems.${problemSection(p.field)}`, { defaultValue: p.message })}
            <span className="problems__detail">{p.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
