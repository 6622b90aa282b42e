import type { Principal } from '../../core/auth/role.ts';

/** Audit subjects of this area. */
export const limitSubject = (portfolioId: string, limitId: string): string => `limit:${portfolioId}/${limitId}`;
export const overrideSubject = (id: string): string => `limit-override:${id}`;
export const tradingStateSubject = (key: string): string => `trading-state:${key}`;

/** Actor of changes the service makes by itself (expiry, enforcement). */
export const SYSTEM_LIMITS: Principal = { id: 'system:limits', role: 'admin', via: 'api-key' };
