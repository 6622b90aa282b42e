import { createPublicKey, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { jwtVerify, errors as joseErrors } from 'jose';
import type { ApiKeyCodec, ApiKeyStore, Authenticator, Clock } from '../../app/ports.ts';
import { isRole, type Principal } from '../../core/auth/role.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';

export interface JwtSettings {
  readonly algorithms: readonly string[];
  readonly issuer: string;
  readonly audience: string;
  readonly roleClaim: string;
  readonly secret?: string;
  readonly publicKeyPem?: string;
}

const unauthenticated = (message: string) => fail('UNAUTHENTICATED', message);

/**
 * Accepts an API key (`rk_...`, checked against its stored hash, cached for a few seconds)
 * or a JWT (jose: algorithm allowlist, signature, exp/nbf, issuer, audience, role claim).
 */
export class BearerAuthenticator implements Authenticator {
  private readonly cache = new Map<string, { principal: Principal; secret: string; until: number }>();
  private readonly jwtKey: KeyObject | undefined;

  constructor(private readonly deps: {
    apiKeys: ApiKeyStore; codec: ApiKeyCodec; clock: Clock; jwt: JwtSettings; apiKeyCacheMs: number;
  }) {
    const { secret, publicKeyPem } = deps.jwt;
    this.jwtKey = publicKeyPem !== undefined ? createPublicKey(publicKeyPem) : secret !== undefined ? createSecretKey(Buffer.from(secret, 'utf8')) : undefined;
  }

  async authenticate(bearer: string): Promise<Result<Principal>> {
    const key = this.deps.codec.parse(bearer);
    if (key !== undefined) return this.apiKey(key.id, key.secret);
    if (bearer.split('.').length === 3) return this.jwt(bearer);
    return unauthenticated('bearer token is neither an API key nor a JWT');
  }

  recent(bearer: string): Principal | undefined {
    const key = this.deps.codec.parse(bearer);
    return key === undefined ? undefined : this.cached(key.id, key.secret, this.deps.clock.now().getTime());
  }

  forgetKey(keyId: string): void { this.cache.delete(keyId); }

  /** A cached, unexpired verification of this key with this very secret (compared in constant time). */
  private cached(id: string, secret: string, now: number): Principal | undefined {
    const hit = this.cache.get(id);
    if (hit === undefined || hit.until <= now) return undefined;
    const [known, given] = [Buffer.from(hit.secret), Buffer.from(secret)];
    return known.length === given.length && timingSafeEqual(known, given) ? hit.principal : undefined;
  }

  private async apiKey(id: string, secret: string): Promise<Result<Principal>> {
    const now = this.deps.clock.now().getTime();
    const hit = this.cached(id, secret, now);
    if (hit !== undefined) return ok(hit);
    const record = await this.deps.apiKeys.get(id);
    if (record === undefined || record.revokedAt !== null || !this.deps.codec.matches(secret, record.secretHash)) {
      this.cache.delete(id);
      return unauthenticated('unknown or revoked API key');
    }
    const principal: Principal = { id: `key:${id}`, role: record.role, via: 'api-key' };
    if (this.deps.apiKeyCacheMs > 0) this.cache.set(id, { principal, secret, until: now + this.deps.apiKeyCacheMs });
    return ok(principal);
  }

  private async jwt(token: string): Promise<Result<Principal>> {
    if (this.jwtKey === undefined) return unauthenticated('JWT authentication is not configured (set RISK_JWT_SECRET or a public key)');
    try {
      const { payload } = await jwtVerify(token, this.jwtKey, {
        algorithms: [...this.deps.jwt.algorithms], issuer: this.deps.jwt.issuer, audience: this.deps.jwt.audience,
        currentDate: this.deps.clock.now(), requiredClaims: ['exp', 'sub'],
      });
      const role = payload[this.deps.jwt.roleClaim];
      if (!isRole(role)) return unauthenticated(`token claim "${this.deps.jwt.roleClaim}" must be one of viewer, trader, risk_manager, admin`);
      return ok({ id: `jwt:${payload.sub as string}`, role, via: 'jwt' });
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) return unauthenticated('token expired');
      if (e instanceof joseErrors.JOSEError) return unauthenticated(`invalid token (${e.code})`);
      throw e;
    }
  }
}
