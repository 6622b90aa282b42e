import { canonicalJson } from '../../core/audit/audit-chain.ts';

/** The fields of a pre-trade request that its inputs hash covers. */
interface HashedRequest { readonly portfolioId: string; readonly clientOrderId: string; readonly legs: readonly unknown[]; readonly strategy?: string }

/**
 * The canonical JSON of a pre-trade request, the text its inputs hash covers: exactly
 * `canonicalJson({ portfolioId, clientOrderId, legs, strategy: strategy ?? null })`, written out
 * directly for the shape the API admits (keys in sorted order), which is several times faster in
 * the order path than the generic walk. Anything else (an unexpected key anywhere) takes the
 * generic walk, so the text is always the canonical one.
 */
export function canonicalOrderText(request: HashedRequest): string {
  const legs = request.legs;
  let out = `{"clientOrderId":${JSON.stringify(request.clientOrderId)},"legs":[`;
  for (let j = 0; j < legs.length; j++) {
    const leg = legs[j];
    const text = typeof leg === 'object' && leg !== null ? legText(leg as Record<string, unknown>) : null;
    if (text === null) return generic(request);
    out += j === 0 ? text : `,${text}`;
  }
  return `${out}],"portfolioId":${JSON.stringify(request.portfolioId)},"strategy":${JSON.stringify(request.strategy ?? null)}}`;
}

const generic = (request: HashedRequest): string =>
  canonicalJson({ portfolioId: request.portfolioId, clientOrderId: request.clientOrderId, legs: request.legs, strategy: request.strategy ?? null });

const LEG_KEYS = new Set(['instrument', 'side', 'quantity', 'limitPrice']);
const EQUITY_KEYS = new Set(['type', 'symbol']);
const OPTION_KEYS = new Set(['type', 'underlying', 'kind', 'strike', 'expiry', 'exerciseStyle', 'multiplier']);

/** Only own keys from `allowed`, each a string or finite number (or undefined); `nested` may hold an object. */
function plain(o: Record<string, unknown>, allowed: ReadonlySet<string>, nested?: string): boolean {
  if (Object.getPrototypeOf(o) !== Object.prototype) return false;
  for (const k in o) {
    if (!Object.hasOwn(o, k) || !allowed.has(k)) return false;
    if (k === nested) continue;
    const v = o[k];
    if (v !== undefined && typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v))) return false;
  }
  return true;
}

/** Appends `"name":value` (with a comma unless it is the first) when the value is defined. */
class Fields {
  text = '';
  add(name: string, v: unknown): this {
    if (v !== undefined) this.text += `${this.text === '' ? '' : ','}"${name}":${JSON.stringify(v)}`;
    return this;
  }
}

function legText(leg: Record<string, unknown>): string | null {
  const i = leg.instrument as Record<string, unknown> | null | undefined;
  if (typeof i !== 'object' || i === null || !plain(leg, LEG_KEYS, 'instrument')) return null;
  let instrument: Fields;
  if (i.type === 'option') {
    if (!plain(i, OPTION_KEYS)) return null;
    instrument = new Fields().add('exerciseStyle', i.exerciseStyle).add('expiry', i.expiry).add('kind', i.kind).add('multiplier', i.multiplier)
      .add('strike', i.strike).add('type', i.type).add('underlying', i.underlying);
  } else {
    if (!plain(i, EQUITY_KEYS)) return null;
    instrument = new Fields().add('symbol', i.symbol).add('type', i.type);
  }
  // keys in sorted order: instrument, limitPrice, quantity, side
  const rest = new Fields().add('limitPrice', leg.limitPrice).add('quantity', leg.quantity).add('side', leg.side).text;
  return `{"instrument":{${instrument.text}}${rest === '' ? '' : `,${rest}`}}`;
}
