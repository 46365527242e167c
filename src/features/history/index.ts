export { HistoryPanes } from './HistoryPanes';
