import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyCodec } from '../../app/ports.ts';

const TOKEN = /^rk_([a-f0-9]{16})_([A-Za-z0-9_-]{24,128})$/;
const hash = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/**
 * API keys look like `rk_<16 hex id>_<secret>`. Secrets are 256 random bits, so a plain SHA-256
 * (not a slow password hash) is the right storage form: there is nothing to brute-force.
 */
export const sha256ApiKeyCodec: ApiKeyCodec = {
  generate() {
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    return { id, token: `rk_${id}_${secret}`, secretHash: hash(secret) };
  },
  parse(token) {
    const m = TOKEN.exec(token);
    return m ? { id: m[1] as string, secret: m[2] as string } : undefined;
  },
  hashToken(token) {
    const p = this.parse(token);
    return p ? { id: p.id, secretHash: hash(p.secret) } : undefined;
  },
  matches(secret, secretHash) {
    const a = Buffer.from(hash(secret), 'hex');
    const b = Buffer.from(secretHash, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  },
};
