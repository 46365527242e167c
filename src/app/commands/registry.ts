/**
 * Every keyboard action in the workstation, in one place: a stable id, its default keys and the
 * context (`when`) in which it applies. Features attach handlers by id (useCommand); they never
 * listen to keys themselves, so the cheat sheet, the palette and remapping all see the same list.
 */
export const CONTEXTS = ['global', 'queue', 'case', 'decision'] as const;
export type Context = (typeof CONTEXTS)[number];

export type CommandGroup = 'general' | 'queue' | 'case' | 'evidence' | 'decision';
/** Groups in the order the cheat sheet and Settings → Keyboard list them. */
export const COMMAND_GROUPS: readonly CommandGroup[] = ['general', 'queue', 'case', 'evidence', 'decision'];

export type CommandDef = {
  id: string;
  /** Default key chords, e.g. `j`, `shift+e`, `mod+enter` (mod = Ctrl, or ⌘ on macOS). */
  keys: readonly string[];
  when: Context;
  group: CommandGroup;
  /** i18n key under `keys.commands`; `n` fills numbered commands ("Finding {{n}}"). */
  title: string;
  n?: number;
};

const numbered = (prefix: string, title: string, when: Context, group: CommandGroup, mod = ''): CommandDef[] =>
  Array.from({ length: 9 }, (_, i) => ({ id: `${prefix}.${i + 1}`, keys: [`${mod}${i + 1}`], when, group, title, n: i + 1 }));

export const COMMANDS: readonly CommandDef[] = [
  { id: 'app.cheatSheet', keys: ['?'], when: 'global', group: 'general', title: 'cheatSheet' },
  { id: 'app.palette', keys: ['mod+k'], when: 'global', group: 'general', title: 'palette' },
  { id: 'app.undo', keys: ['u'], when: 'global', group: 'general', title: 'undo' },

  { id: 'queue.next', keys: ['j', 'arrowdown'], when: 'queue', group: 'queue', title: 'nextRow' },
  { id: 'queue.prev', keys: ['k', 'arrowup'], when: 'queue', group: 'queue', title: 'prevRow' },
  { id: 'queue.open', keys: ['enter', 'o'], when: 'queue', group: 'queue', title: 'openCase' },
  { id: 'queue.search', keys: ['/'], when: 'queue', group: 'queue', title: 'search' },
  { id: 'queue.first', keys: ['g'], when: 'queue', group: 'queue', title: 'firstRow' },
  { id: 'queue.last', keys: ['shift+g'], when: 'queue', group: 'queue', title: 'lastRow' },

  { id: 'case.back', keys: ['escape'], when: 'case', group: 'case', title: 'backToQueue' },
  { id: 'case.next', keys: ['j'], when: 'case', group: 'case', title: 'nextCase' },
  { id: 'case.prev', keys: ['k'], when: 'case', group: 'case', title: 'prevCase' },
  { id: 'case.nextTab', keys: [']'], when: 'case', group: 'evidence', title: 'nextTab' },
  { id: 'case.prevTab', keys: ['['], when: 'case', group: 'evidence', title: 'prevTab' },
  { id: 'case.history', keys: ['h'], when: 'case', group: 'evidence', title: 'history' },
  { id: 'case.revealMedia', keys: ['b'], when: 'case', group: 'evidence', title: 'revealMedia' },
  ...numbered('case.finding', 'finding', 'case', 'evidence'),
  { id: 'case.cite', keys: ['x'], when: 'case', group: 'decision', title: 'cite' },

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
  ...numbered('decision.reason', 'reason', 'decision', 'decision'),
  ...numbered('decision.remedy', 'remedy', 'decision', 'decision', 'shift+'),
];

export const COMMAND_BY_ID: ReadonlyMap<string, CommandDef> = new Map(COMMANDS.map((c) => [c.id, c]));
