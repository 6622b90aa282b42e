import type { Principal } from '../core/auth/role.ts';
import type { Clock, Storage } from './ports.ts';

export interface IdGenerator { newId(prefix: string): string }

/** What every use case may use. Use cases get exactly this, nothing global. */
export interface UseCaseDeps {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** Audit actor string for a principal. */
export const actorOf = (p: Principal): string => p.id;
