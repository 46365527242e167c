import { useTranslation } from 'react-i18next';
import type { Policy } from '@common/policy';
import { problemText, type ProblemLike } from '../../ui/problemWords';
import { problemSection } from './decisionModel';

type Problem = ProblemLike & { field: string };

/** The problems of one section of a decision form, in the reader's language (codes shown by their labels). */
export function Problems({ problems, section, policy }: { problems: readonly Problem[]; section: string; policy?: Policy | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const list = problems.filter((p) => problemSection(p.field) === section);
  if (list.length === 0) return null;
  return (
    <div role="alert">
      <ul className="problems" data-testid={`problems-${section}`}>
        {list.map((p, i) => (
          <li key={i} data-code={p.code}>
            {problemText(p, t, lang, policy)}
          </li>
        ))}
      </ul>
    </div>
  );
}
