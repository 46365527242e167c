/**
 * The supervisor's workforce view: live figures from the server (who holds what, today's
 * decisions, SLA at risk), with no offline meaning, so nothing is stored locally; each call relays
 * one route of common/api/routes.ts through main.
 */
import { relayCalls } from './bridge';

export const workforceBackend = relayCalls('workforce');
