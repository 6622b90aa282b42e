/** Roles in increasing privilege: each includes what the ones before it may do. */
export const ROLES = ['viewer', 'trader', 'risk_manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (s: unknown): s is Role => typeof s === 'string' && (ROLES as readonly string[]).includes(s);

export const roleAtLeast = (have: Role, need: Role): boolean => ROLES.indexOf(have) >= ROLES.indexOf(need);

export interface Principal {
  /** `key:<id>` for API keys, `jwt:<sub>` for tokens. */
  readonly id: string;
  readonly role: Role;
  readonly via: 'api-key' | 'jwt';
}
