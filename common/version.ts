/** The product's name and version as every layer reports it (app:info, /healthz, bench output). */
export const APP_NAME = 'Gavel';
export const APP_VERSION = '0.1.0';
