export { PrecedentsPanel } from './PrecedentsPanel';
