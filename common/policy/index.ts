export * from './schema';
export * from './default';
