/** The queue of checked-out cases, and its selection (the case view keeps it on the open case). */
export { QueueList } from './QueueList';
export { queueActions } from './queueStore';
