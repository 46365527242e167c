import type { IConfiguration, IForbiddenRuleType } from 'dependency-cruiser';

/** Types for dependency-cruiser.config.mjs (read by the probe test in scripts/depcruise.test.ts). */
export declare const COMPOSITE_FEATURES: string[];
export declare const forbidden: IForbiddenRuleType[];
declare const config: IConfiguration;
export default config;
