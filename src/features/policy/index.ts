/** Policy versions, the draft what-if and publication (supervisors and admins). */
export { PolicyPage } from './PolicyPage';
