export { QaDashboard, type QaDashboardProps } from './QaDashboard';
