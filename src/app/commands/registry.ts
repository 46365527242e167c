/**
 * Every keyboard action in the app, in one place: a stable id, its default keys and the context
 * (`when`) in which it applies. Features attach handlers by id (useCommand); they never listen to
 * keys themselves, so the cheat sheet, the palette, remapping and docs/keyboard.md (generated from
 * this list) all see the same thing.
 */
import { REMEDIES, type Remedy } from '@common/domain';

export const CONTEXTS = ['global', 'queue', 'case', 'decision'] as const;
export type Context = (typeof CONTEXTS)[number];

export type CommandGroup = 'general' | 'navigation' | 'queue' | 'case' | 'evidence' | 'decision';
/** Groups in the order the cheat sheet, Settings → Keyboard and the keyboard doc list them. */
export const COMMAND_GROUPS: readonly CommandGroup[] = ['general', 'navigation', 'queue', 'case', 'evidence', 'decision'];

export type CommandDef = {
  id: string;
  /**
   * Default keys: chords (`j`, `shift+e`, `mod+enter`; mod = Ctrl, or ⌘ on macOS) or sequences of
   * chords separated by a space (`g q`: G, then Q). Empty for commands run from the palette only.
   */
  keys: readonly string[];
  when: Context;
  group: CommandGroup;
  /** i18n key under `keys.commands`; `n` fills numbered commands ("Finding {{n}}"). */
  title: string;
  n?: number;
  /** Remedy commands: the remedy the key sets, the same key in every kind. */
  remedy?: Remedy;
};

const numbered = (prefix: string, title: string, when: Context, group: CommandGroup, key: (n: number) => string): CommandDef[] =>
  Array.from({ length: 9 }, (_, i) => ({ id: `${prefix}.${i + 1}`, keys: [key(i + 1)], when, group, title, n: i + 1 }));

/**
 * One key per remedy, whatever the kind: ⇧1 is always 退款给买家 and ⇧0 always 不处理. The order is
 * REMEDIES' (the domain's), so a remedy keeps its key when a policy offers it in another kind.
 */
export const REMEDY_DIGIT: Readonly<Record<Remedy, number>> = Object.fromEntries(REMEDIES.map((r, i) => [r, (i + 1) % 10])) as Record<Remedy, number>;
const remedyCommands = (set: boolean): CommandDef[] =>
  REMEDIES.map((remedy, i) => ({
    id: `decision.${set ? 'remedy' : 'remedyClear'}.${i + 1}`,
    keys: [set ? `shift+${REMEDY_DIGIT[remedy]}` : `- shift+${REMEDY_DIGIT[remedy]}`],
    when: 'decision' as const,
    group: 'decision' as const,
    title: set ? 'remedy' : 'remedyClear',
    n: i + 1,
    remedy,
  }));

export const COMMANDS: readonly CommandDef[] = [
  { id: 'app.cheatSheet', keys: ['?'], when: 'global', group: 'general', title: 'cheatSheet' },
  { id: 'app.palette', keys: ['mod+k'], when: 'global', group: 'general', title: 'palette' },
  { id: 'app.undo', keys: ['u'], when: 'global', group: 'general', title: 'undo' },
  { id: 'app.syncNow', keys: [], when: 'global', group: 'general', title: 'syncNow' },
  { id: 'app.takeBatch', keys: [], when: 'global', group: 'general', title: 'takeBatch' },
  { id: 'app.language', keys: [], when: 'global', group: 'general', title: 'language' },
  { id: 'app.theme', keys: [], when: 'global', group: 'general', title: 'theme' },
  { id: 'app.signOut', keys: [], when: 'global', group: 'general', title: 'signOut' },

  { id: 'nav.queue', keys: ['g q'], when: 'global', group: 'navigation', title: 'goQueue' },
  { id: 'nav.inbox', keys: ['g i'], when: 'global', group: 'navigation', title: 'goInbox' },
  { id: 'nav.conflicts', keys: ['g c'], when: 'global', group: 'navigation', title: 'goConflicts' },
  { id: 'nav.qa', keys: ['g a'], when: 'global', group: 'navigation', title: 'goQa' },
  { id: 'nav.workforce', keys: ['g w'], when: 'global', group: 'navigation', title: 'goWorkforce' },
  { id: 'nav.routing', keys: ['g r'], when: 'global', group: 'navigation', title: 'goRouting' },
  { id: 'nav.settings', keys: ['g s'], when: 'global', group: 'navigation', title: 'goSettings' },

  { id: 'queue.next', keys: ['j', 'arrowdown'], when: 'queue', group: 'queue', title: 'nextRow' },
  { id: 'queue.prev', keys: ['k', 'arrowup'], when: 'queue', group: 'queue', title: 'prevRow' },
  { id: 'queue.open', keys: ['enter', 'o'], when: 'queue', group: 'queue', title: 'openCase' },
  { id: 'queue.search', keys: ['/'], when: 'queue', group: 'queue', title: 'search' },
  { id: 'queue.first', keys: ['home', 'g g'], when: 'queue', group: 'queue', title: 'firstRow' },
  { id: 'queue.last', keys: ['end', 'shift+g'], when: 'queue', group: 'queue', title: 'lastRow' },

  { id: 'case.back', keys: ['escape'], when: 'case', group: 'case', title: 'backToQueue' },
  { id: 'case.next', keys: ['j'], when: 'case', group: 'case', title: 'nextCase' },
  { id: 'case.prev', keys: ['k'], when: 'case', group: 'case', title: 'prevCase' },
  { id: 'case.nextTab', keys: [']'], when: 'case', group: 'evidence', title: 'nextTab' },
  { id: 'case.prevTab', keys: ['['], when: 'case', group: 'evidence', title: 'prevTab' },
  { id: 'case.history', keys: ['h'], when: 'case', group: 'evidence', title: 'history' },
  { id: 'case.revealMedia', keys: ['b'], when: 'case', group: 'evidence', title: 'revealMedia' },
  ...numbered('case.finding', 'finding', 'case', 'evidence', (n) => `${n}`),
  { id: 'case.cite', keys: ['x'], when: 'case', group: 'decision', title: 'cite' },
  { id: 'case.precedent', keys: ['shift+p'], when: 'case', group: 'decision', title: 'precedent' },
  { id: 'case.cluster', keys: ['shift+l'], when: 'case', group: 'decision', title: 'cluster' },

  { id: 'decision.upheld', keys: ['y'], when: 'case', group: 'decision', title: 'upheld' },
  { id: 'decision.partial', keys: ['p'], when: 'case', group: 'decision', title: 'partial' },
  { id: 'decision.rejected', keys: ['n'], when: 'case', group: 'decision', title: 'rejected' },
  { id: 'decision.focus', keys: ['d'], when: 'case', group: 'decision', title: 'focusDecision' },
  { id: 'decision.note', keys: ['m'], when: 'case', group: 'decision', title: 'note' },
  { id: 'decision.commit', keys: ['mod+enter'], when: 'case', group: 'decision', title: 'commit' },
  { id: 'decision.escalate', keys: ['shift+e'], when: 'case', group: 'decision', title: 'escalate' },
  { id: 'decision.release', keys: ['shift+r'], when: 'case', group: 'decision', title: 'release' },
  { id: 'decision.requestEvidence', keys: ['shift+q'], when: 'case', group: 'decision', title: 'requestEvidence' },
  { id: 'decision.leave', keys: ['escape'], when: 'decision', group: 'decision', title: 'leaveDecision' },
  { id: 'decision.template', keys: ['t'], when: 'decision', group: 'decision', title: 'template' },
  // Alt+digit: one chord that reaches the panel from anywhere in the case, even from the note field.
  ...numbered('decision.macro', 'macro', 'case', 'decision', (n) => `alt+${n}`),
  ...numbered('decision.reason', 'reason', 'decision', 'decision', (n) => `${n}`),
  ...numbered('decision.reasonClear', 'reasonClear', 'decision', 'decision', (n) => `- ${n}`),
  ...remedyCommands(true),
  ...remedyCommands(false),
];

export const COMMAND_BY_ID: ReadonlyMap<string, CommandDef> = new Map(COMMANDS.map((c) => [c.id, c]));

/** The remedy command for a remedy (its key is the same in every kind). */
export const remedyCommandId = (remedy: Remedy, clear = false): string => `decision.${clear ? 'remedyClear' : 'remedy'}.${REMEDIES.indexOf(remedy) + 1}`;
