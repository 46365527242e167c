/** The case's timeline tab: every event of the case, read from the server. */
export { TimelineView } from './TimelineView';
