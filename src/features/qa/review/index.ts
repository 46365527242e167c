export { QaReview } from './QaReview';
