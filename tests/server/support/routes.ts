/**
 * @module
 * The app's own route table, read the way the access matrices need it: `METHOD /path/{param}` per
 * route under a prefix, so a route added by a later issue is in the matrices the moment it is
 * mounted.
 */
import type { DoorstepApp } from '../../../server/app.ts';

/** Routes under `prefix` (e.g. `/v1/:tenant/admin`), as `METHOD /rest/{param}`, sorted. */
export function routesUnder(app: DoorstepApp, prefix: string, exclude: (rest: string) => boolean = () => false): string[] {
  const keys = new Set<string>();
  for (const route of app.routes) {
    if (!route.path.startsWith(`${prefix}/`)) continue;
    // `app.use('/v1/:tenant/*', …)` middleware shows up as ALL …/*; it is not a route.
    if (route.method === 'ALL' && route.path.endsWith('*')) continue;
    const rest = route.path.slice(prefix.length).replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
    if (exclude(rest)) continue;
    keys.add(`${route.method} ${rest}`);
  }
  return [...keys].sort();
}

/** The resident and public routes under /v1/{tenant} (the admin routes have a matrix of their own). */
export const residentRoutes = (app: DoorstepApp) => routesUnder(app, '/v1/:tenant', (rest) => rest.startsWith('/admin/'));
export const adminRoutes = (app: DoorstepApp) => routesUnder(app, '/v1/:tenant/admin');
export const operatorRoutes = (app: DoorstepApp) => routesUnder(app, '/v1/operator');
