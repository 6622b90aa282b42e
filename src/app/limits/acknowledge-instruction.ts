import type { Principal } from '../../core/auth/role.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import type { InstructionRecord } from '../ports.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';

/** The execution system (or a trader) accepts or refuses a pending instruction, once. */
export async function acknowledgeInstruction(deps: UseCaseDeps, actor: Principal, id: string, input: { status: 'acknowledged' | 'rejected'; note?: string }): Promise<Result<InstructionRecord>> {
  return deps.storage.transaction(async (tx) => {
    const before = await tx.instructions.get(id);
    if (before === undefined) return fail('INSTRUCTION_NOT_FOUND', `instruction "${id}" does not exist`);
    if (before.status !== 'pending') return fail('INSTRUCTION_NOT_PENDING', `instruction "${id}" is already ${before.status}`);
    const after: InstructionRecord = { ...before, status: input.status, acknowledgedAt: deps.clock.now().toISOString(), acknowledgedBy: actorOf(actor), note: input.note ?? null, nextDeliveryAt: null };
    await tx.instructions.update(after);
    await tx.audit.append({ actor: actorOf(actor), eventType: `enforcement.instruction-${input.status}`, subject: `instruction:${id}`, payload: { before, after } });
    return ok(after);
  });
}
