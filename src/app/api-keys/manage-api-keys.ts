import type { Principal, Role } from '../../core/auth/role.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import type { ApiKeyCodec, ApiKeyRecord, Authenticator } from '../ports.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';

export type PublicApiKey = Omit<ApiKeyRecord, 'secretHash'>;
const publicView = ({ secretHash: _h, ...rest }: ApiKeyRecord): PublicApiKey => rest;

/** Creates a key; the token is returned once and only its hash is stored. */
export async function createApiKey(deps: UseCaseDeps & { codec: ApiKeyCodec }, actor: Principal, input: { name: string; role: Role }): Promise<Result<PublicApiKey & { token: string }>> {
  const { id, token, secretHash } = deps.codec.generate();
  const record: ApiKeyRecord = { id, name: input.name, role: input.role, secretHash, createdAt: deps.clock.now().toISOString(), createdBy: actorOf(actor), revokedAt: null, revokedBy: null };
  return deps.storage.transaction(async (tx) => {
    await tx.apiKeys.insert(record);
    await tx.audit.append({ actor: actorOf(actor), eventType: 'api-key.created', subject: `api-key:${id}`, payload: publicView(record) });
    return ok({ ...publicView(record), token });
  });
}

export async function revokeApiKey(deps: UseCaseDeps & { authenticator: Authenticator }, actor: Principal, id: string): Promise<Result<PublicApiKey>> {
  const result = await deps.storage.transaction(async (tx): Promise<Result<PublicApiKey>> => {
    const existing = await tx.apiKeys.get(id);
    if (existing === undefined) return fail('API_KEY_NOT_FOUND', `API key "${id}" does not exist`);
    if (existing.revokedAt !== null) return fail('API_KEY_ALREADY_REVOKED', `API key "${id}" was revoked at ${existing.revokedAt}`);
    if (actor.id === `key:${id}`) return fail('CANNOT_REVOKE_OWN_KEY', 'a key cannot revoke itself; use another admin key');
    await tx.apiKeys.revoke(id, actorOf(actor), deps.clock.now());
    await tx.audit.append({ actor: actorOf(actor), eventType: 'api-key.revoked', subject: `api-key:${id}`, payload: { id } });
    return ok(publicView((await tx.apiKeys.get(id)) as ApiKeyRecord));
  });
  if (result.ok) deps.authenticator.forgetKey(id);
  return result;
}

export async function listApiKeys(deps: UseCaseDeps): Promise<PublicApiKey[]> {
  return (await deps.storage.apiKeys.list()).map(publicView);
}

const SYSTEM: Principal = { id: 'system:bootstrap', role: 'admin', via: 'api-key' };

/**
 * On a first start with no active key, creates an admin key: the configured bootstrap token, or a
 * fresh one. Returns the token only when it was generated here (the caller prints it once).
 */
export async function ensureBootstrapKey(deps: UseCaseDeps & { codec: ApiKeyCodec }, bootstrapToken: string | undefined): Promise<Result<{ created: false } | { created: true; id: string; generatedToken: string | null }>> {
  return deps.storage.transaction(async (tx) => {
    if (bootstrapToken !== undefined) {
      const parsed = deps.codec.hashToken(bootstrapToken);
      if (parsed === undefined) return fail('INVALID_BOOTSTRAP_KEY', 'RISK_BOOTSTRAP_API_KEY must look like rk_<16 hex>_<24+ chars of [A-Za-z0-9_-]>');
      const existing = await tx.apiKeys.get(parsed.id);
      if (existing !== undefined) return ok({ created: false as const });
      const record: ApiKeyRecord = { id: parsed.id, name: 'bootstrap admin (RISK_BOOTSTRAP_API_KEY)', role: 'admin', secretHash: parsed.secretHash, createdAt: deps.clock.now().toISOString(), createdBy: SYSTEM.id, revokedAt: null, revokedBy: null };
      await tx.apiKeys.insert(record);
      await tx.audit.append({ actor: SYSTEM.id, eventType: 'api-key.created', subject: `api-key:${parsed.id}`, payload: publicView(record) });
      return ok({ created: true as const, id: parsed.id, generatedToken: null });
    }
    if ((await tx.apiKeys.countActive()) > 0) return ok({ created: false as const });
    const { id, token, secretHash } = deps.codec.generate();
    const record: ApiKeyRecord = { id, name: 'bootstrap admin', role: 'admin', secretHash, createdAt: deps.clock.now().toISOString(), createdBy: SYSTEM.id, revokedAt: null, revokedBy: null };
    await tx.apiKeys.insert(record);
    await tx.audit.append({ actor: SYSTEM.id, eventType: 'api-key.created', subject: `api-key:${id}`, payload: publicView(record) });
    return ok({ created: true as const, id, generatedToken: token });
  });
}
