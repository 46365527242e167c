export * from './primitives';
export * from './entities';
export * from './case';
export * from './bundle';
export * from './parse';
export * from './storable';
export * from './requests';
export * from './precedents';
