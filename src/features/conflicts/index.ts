export { ConflictsPage } from './ConflictsPage';
