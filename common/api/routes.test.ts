import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { relayRoutes, routeList, routes, type RouteDef } from './routes';

describe('the route table', () => {
  it('declares each method and path once', () => {
    const keys = routeList.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('describes every path parameter, and only those', () => {
    for (const r of routeList) {
      const inPath = [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]).sort();
      const described = r.params instanceof z.ZodObject ? Object.keys(r.params.shape).sort() : [];
      expect(described, `${r.method} ${r.path}`).toEqual(inPath);
    }
  });

  it('sends a body only with POST and a query only with GET', () => {
    for (const r of routeList) {
      if (r.body) expect(r.method, r.path).toBe('POST');
      if (r.query) expect(r.method, r.path).toBe('GET');
    }
  });

  it('relays each channel from exactly one route, one the client can call whole', () => {
    const named = routeList.flatMap((r) => (r.ipc ? [r.ipc] : []));
    expect(new Set(named).size, 'a channel named by two routes').toBe(named.length);
    expect(Object.keys(relayRoutes).sort()).toEqual(named.sort());
    for (const channel of Object.keys(relayRoutes) as (keyof typeof relayRoutes)[]) {
      const route: RouteDef = relayRoutes[channel];
      expect(route.ipc).toBe(channel);
      // The relay's request becomes the body or the query, or the path parameters of a route that has
      // neither; nothing would fill parameters beside a body or query, or a stream.
      if (route.params) expect([route.body, route.query], channel).toEqual([undefined, undefined]);
      expect(route.streamed, channel).toBeFalsy();
      const request = route.body ?? route.query ?? route.params;
      if (request) expect(request, channel).toBeInstanceOf(z.ZodObject);
    }
    expect(relayRoutes['qa:preview']).toBe(routes.qaPreview);
    expect(relayRoutes['cases:timeline']).toBe(routes.caseTimeline);
  });
});
