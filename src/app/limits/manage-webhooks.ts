import type { Principal } from '../../core/auth/role.ts';
import { INVALID_INPUT } from '../../core/shared/input-problem.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import type { ExecutionWebhook, Storage } from '../ports.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';

export type PublicWebhook = Omit<ExecutionWebhook, 'secret'>;
const publicView = ({ secret: _s, ...rest }: ExecutionWebhook): PublicWebhook => rest;

/** Registers an execution-system endpoint for enforcement instructions; the signing secret is returned once. */
/**
 * Hosts no execution system lives at: link-local addresses (where cloud metadata services answer)
 * and the unspecified address. Loopback and private networks stay allowed (an execution system
 * on the same host or network is normal).
 */
function isLinkLocalOrUnspecified(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (/^169\.254\.\d{1,3}\.\d{1,3}$/.test(h) || /^0\.0\.0\.0$/.test(h) || h === '::' || h === 'metadata.google.internal') return true;
  return /^fe[89ab][0-9a-f]?:/.test(h);
}

export async function createWebhook(deps: UseCaseDeps, actor: Principal, input: { url: string; secret: string }): Promise<Result<ExecutionWebhook>> {
  let url: URL;
  try { url = new URL(input.url); } catch { return fail(INVALID_INPUT, 'not a URL', [{ path: '/url', message: 'must be an absolute http(s) URL' }]); }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail(INVALID_INPUT, 'unsupported URL scheme', [{ path: '/url', message: 'must be http or https' }]);
  if (url.username !== '' || url.password !== '') return fail(INVALID_INPUT, 'credentials in the URL', [{ path: '/url', message: 'must not carry credentials; deliveries are signed with the secret' }]);
  if (isLinkLocalOrUnspecified(url.hostname)) return fail(INVALID_INPUT, 'a link-local or unspecified address', [{ path: '/url', message: 'must not be a link-local (169.254.0.0/16, fe80::/10, cloud metadata) or unspecified address' }]);
  if (input.secret.length < 32) return fail(INVALID_INPUT, 'secret too short', [{ path: '/secret', message: 'must be at least 32 characters' }]);
  const w: ExecutionWebhook = { id: deps.ids.newId('whk'), url: url.toString(), secret: input.secret, active: true, createdBy: actorOf(actor), createdAt: deps.clock.now().toISOString(), deactivatedBy: null, deactivatedAt: null };
  return deps.storage.transaction(async (tx) => {
    await tx.webhooks.insert(w);
    // The secret stays out of the audit trail.
    await tx.audit.append({ actor: actorOf(actor), eventType: 'webhook.created', subject: `webhook:${w.id}`, payload: { before: null, after: publicView(w) } });
    return ok(w);
  });
}

export async function listWebhooks(deps: { storage: Storage }): Promise<PublicWebhook[]> {
  return (await deps.storage.webhooks.list()).map(publicView);
}

/** Stops deliveries to a webhook (the record stays, inactive). */
export async function deleteWebhook(deps: UseCaseDeps, actor: Principal, id: string): Promise<Result<PublicWebhook>> {
  return deps.storage.transaction(async (tx) => {
    const before = await tx.webhooks.get(id);
    if (before === undefined || !before.active) return fail('WEBHOOK_NOT_FOUND', `no active webhook "${id}"`);
    const at = deps.clock.now().toISOString();
    await tx.webhooks.deactivate(id, actorOf(actor), at);
    const after = publicView({ ...before, active: false, deactivatedBy: actorOf(actor), deactivatedAt: at });
    await tx.audit.append({ actor: actorOf(actor), eventType: 'webhook.deactivated', subject: `webhook:${id}`, payload: { before: publicView(before), after } });
    return ok(after);
  });
}
