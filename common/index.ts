/** Barrel for the domain core: schemas and types, policy, rules engine. `common/ipc` and `common/api` stay separate. */
export * from './domain';
export * from './policy';
export * from './rules';
