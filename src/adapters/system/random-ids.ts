import { randomUUID } from 'node:crypto';
import type { IdGenerator } from '../../app/use-case-deps.ts';

/** Ids as `<prefix>_<20 hex digits>` (80 random bits from a v4 UUID). */
export const randomIds: IdGenerator = { newId: (prefix) => `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 20)}` };
