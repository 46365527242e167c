/** Evidence viewers: one per tab, the tabs themselves, and the open case's evidence UI state. */
export { ChatViewer } from './ChatViewer';
export { LivestreamViewer } from './LivestreamViewer';
export { LogisticsViewer } from './LogisticsViewer';
export { MediaViewer } from './MediaViewer';
export { ReviewViewer } from './ReviewViewer';
export { primaryTab, tabForRef, TABS, type Tab } from './evidenceRefs';
export { evidenceUi, useJump, useSelectedFinding, useTab } from './evidenceStore';
