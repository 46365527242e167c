/** Evidence viewers: one per tab, the tabs themselves, and the open case's evidence UI state. */
export { ChatViewer } from './ChatViewer';
export { LivestreamViewer } from './LivestreamViewer';
export { LogisticsViewer } from './LogisticsViewer';
export { MediaViewer } from './MediaViewer';
export { ReviewViewer } from './ReviewViewer';
export { CASE_TABS, primaryTab, tabForRef, TABS, type CaseTab, type Tab } from './evidenceRefs';
export { evidenceUi, useJump, useSelectedFinding, useTab } from './evidenceStore';
