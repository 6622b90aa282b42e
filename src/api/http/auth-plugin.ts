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

const bearerOf = (req: FastifyRequest): string | undefined => {
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

/** Authenticates every non-public route and enforces its least role. */
export const authPlugin = fp(async (app: FastifyInstance, opts: { authenticator: Authenticator }) => {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config.public === true || req.routeOptions.url === undefined) return;
    const bearer = bearerOf(req);
    if (bearer === undefined) throw new ApiError('UNAUTHENTICATED', 'missing "Authorization: Bearer <token>" header');
    const r = await opts.authenticator.authenticate(bearer);
    if (!r.ok) throw ApiError.from(r.error);
    req.principal = r.value;
    const need = requiredRole(req);
    if (!roleAtLeast(r.value.role, need)) throw new ApiError('FORBIDDEN', `this action needs role ${need} or higher; you have ${r.value.role}`);
  });
}, { name: 'auth' });

/** The authenticated principal of a route that is not public. */
export const principalOf = (req: FastifyRequest): Principal => {
  if (req.principal === undefined) throw new ApiError('UNAUTHENTICATED', 'not authenticated');
  return req.principal;
};
