export * from './schema';
export * from './default';
export * from './versions';
export * from './businessDays';
