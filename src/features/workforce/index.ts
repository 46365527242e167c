export { WorkforcePage } from './WorkforcePage';
