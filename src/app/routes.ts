import { create } from 'zustand';

export const ROUTES = ['queue', 'qa', 'settings', 'conflicts'] as const;
export type Route = (typeof ROUTES)[number];

/** Hash routes (`#/queue`): in-page navigation, so Electron's will-navigate guard never sees them. */
export function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0];
  return (ROUTES as readonly string[]).includes(name ?? '') ? (name as Route) : 'queue';
}

export const hrefFor = (route: Route): string => `#/${route}`;

const useRouteStore = create<{ route: Route }>(() => ({ route: routeFromHash(window.location.hash) }));
// Back and forward over History API entries may arrive as popstate only; listen to both.
for (const ev of ['hashchange', 'popstate'] as const) window.addEventListener(ev, () => useRouteStore.setState({ route: routeFromHash(window.location.hash) }));

export const useRoute = (): Route => useRouteStore((s) => s.route);

/** Routers outside the shell (the case route) call this when they change the hash without navigating. */
export function syncRouteFromHash(hash: string): void {
  const route = routeFromHash(hash);
  if (useRouteStore.getState().route !== route) useRouteStore.setState({ route });
}
