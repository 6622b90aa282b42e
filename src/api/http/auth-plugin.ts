import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Authenticator } from '../../app/ports.ts';
import { roleAtLeast, type Principal, type Role } from '../../core/auth/role.ts';
import { ApiError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Least role allowed on the route. Unset on an /api route: viewer for GET, admin otherwise (fail safe). */
    minRole?: Role;
    /** Route needs no credentials (health, docs). */
    public?: boolean;
    /** Also accept the token as `?access_token=` (WebSocket from browsers, which cannot set headers). */
    allowQueryToken?: boolean;
  }
  interface FastifyRequest { principal?: Principal }
}

/** The credential of a request: its bearer token, or `?access_token=` where the route allows it. */
export const bearerOf = (req: FastifyRequest): string | undefined => {
  const h = req.headers.authorization;
  if (typeof h !== 'string') {
    const q = (req.query as Record<string, unknown> | undefined)?.access_token;
    return req.routeOptions.config.allowQueryToken === true && typeof q === 'string' ? q : undefined;
  }
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1];
};

export const requiredRole = (req: FastifyRequest): Role =>
  req.routeOptions.config.minRole ?? (req.method === 'GET' || req.method === 'HEAD' ? 'viewer' : 'admin');

/** Sets the request's principal; the error to fail it with when the role is below the route's least role. */
function admit(req: FastifyRequest, principal: Principal): ApiError | undefined {
  req.principal = principal;
  const need = requiredRole(req);
  return roleAtLeast(principal.role, need) ? undefined : new ApiError('FORBIDDEN', `this action needs role ${need} or higher; you have ${principal.role}`);
}

/** Authenticates every non-public route and enforces its least role. */
export const authPlugin = fp(async (app: FastifyInstance, opts: { authenticator: Authenticator }) => {
  app.decorateRequest('principal', undefined);
  // Callback style with a synchronous path for a recently verified API key: the order path pays
  // no promise and no closure for authentication in the common case.
  app.addHook('onRequest', (req, _reply, done) => {
    if (req.routeOptions.config.public === true || req.routeOptions.url === undefined) { done(); return; }
    const bearer = bearerOf(req);
    if (bearer === undefined) { done(new ApiError('UNAUTHENTICATED', 'missing "Authorization: Bearer <token>" header')); return; }
    const recent = opts.authenticator.recent?.(bearer);
    if (recent !== undefined) { done(admit(req, recent)); return; }
    opts.authenticator.authenticate(bearer).then((r) => { done(r.ok ? admit(req, r.value) : ApiError.from(r.error)); }, (e: unknown) => done(e as Error));
  });
}, { name: 'auth' });

/** The authenticated principal of a route that is not public. */
export const principalOf = (req: FastifyRequest): Principal => {
  if (req.principal === undefined) throw new ApiError('UNAUTHENTICATED', 'not authenticated');
  return req.principal;
};
