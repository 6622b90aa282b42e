import type { Clock } from '../../app/ports.ts';

/** The machine's wall clock. */
export const systemClock: Clock = { now: () => new Date() };
