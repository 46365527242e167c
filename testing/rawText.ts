import type { Page } from '@playwright/test';

/**
 * What must never reach the screen in a finished translation: identifiers and codes the program uses,
 * and sentences in the other language. Text is what a user sees: rendered text plus the words of
 * placeholders, titles, alt text and accessible labels.
 */
export type Locale = 'zh-CN' | 'en';

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
/** snake_case (reason codes, statuses, evidence refs like trace_event:…), at least two parts. */
const SNAKE = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g;
/** SCREAMING_CASE finding codes, and a socket's errno (ECONNREFUSED, ETIMEDOUT…). */
const SCREAMING = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\bE(?:CONN[A-Z]+|TIMEDOUT|NOTFOUND|ADDRINUSE|PIPE|ACCES)\b/g;
/** An English sentence: three words in a row (a word: two letters or more). */
const ENGLISH_RUN = /[A-Za-z]{2,}(?:[ ,'’-]+[A-Za-z]{2,}){2,}/g;
const CJK = /[\u3400-\u9fff]/;

/** The offending fragments of `text` for `locale`; empty when the text is clean. */
export function rawFragments(text: string, locale: Locale): string[] {
  const found = new Set<string>();
  for (const re of [UUID, SNAKE, SCREAMING]) for (const m of text.matchAll(re)) found.add(m[0]);
  if (locale === 'zh-CN') for (const m of text.matchAll(ENGLISH_RUN)) found.add(m[0]);
  return [...found];
}

/** Chinese where the English interface should speak English (navigation, headings, tabs, column heads). */
export function chineseChrome(labels: string[]): string[] {
  return labels.filter((l) => CJK.test(l));
}

/**
 * Everything visible on the page as a user meets it. Elements marked `translate="no"` hold data
 * entered by people (review text, chat, product names) and are read for codes and ids only.
 */
export async function visibleText(page: Page): Promise<{ ui: string; data: string; chrome: string[] }> {
  return page.evaluate(() => {
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    const ui: string[] = [];
    const data: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      const text = n.textContent?.trim();
      if (!parent || !text || !visible(parent) || parent.closest('script, style')) continue;
      (parent.closest('[translate="no"]') ? data : ui).push(text);
    }
    for (const el of document.querySelectorAll('[placeholder], [title], [alt], [aria-label]')) {
      if (!visible(el)) continue;
      const into = el.closest('[translate="no"]') ? data : ui;
      for (const a of ['placeholder', 'title', 'alt', 'aria-label']) {
        const v = el.getAttribute(a);
        if (v) into.push(v);
      }
    }
    // A heading's own words, without the people's names or titles marked inside it.
    const ownText = (el: Element): string => {
      const parts: string[] = [];
      const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode()) if (!n.parentElement?.closest('[translate="no"]')) parts.push(n.textContent ?? '');
      return parts.join('').trim();
    };
    const chrome = [...document.querySelectorAll('nav a, th, [role="tab"], h1, h2, h3, .legend')]
      .filter((el) => visible(el) && !el.closest('[translate="no"]'))
      .map(ownText)
      .filter(Boolean);
    return { ui: ui.join('\n'), data: data.join('\n'), chrome };
  });
}

/** The page's raw text for `locale`, each fragment prefixed with where it was seen. */
export async function rawTextOn(page: Page, locale: Locale, where: string): Promise<string[]> {
  const { ui, data, chrome } = await visibleText(page);
  return [
    ...rawFragments(ui, locale).map((f) => `${where}: ${f}`),
    ...rawFragments(data, 'en').map((f) => `${where} (data): ${f}`),
    ...(locale === 'en' ? chineseChrome(chrome).map((f) => `${where} (chrome): ${f}`) : []),
  ];
}
