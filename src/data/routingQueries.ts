/**
 * The admin's routing page: rules, skill profiles and "who would get this case?" are live server
 * data with no offline meaning, so nothing is stored locally; each call relays one route of
 * common/api/routes.ts through main.
 */
import { relayCalls } from './bridge';

export const routingBackend = relayCalls('routing');
