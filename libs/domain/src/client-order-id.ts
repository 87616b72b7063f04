// Every order the product submits carries a client_order_id built here. Alpaca refuses a second
// submit with an id it has seen (HTTP 422) and can look an order up by it, so an id that is a pure
// function of (scope, leg, sequence) makes a retried or ambiguous submit safe: the same intent
// always asks for the same id, and the answer tells whether the first attempt went through.
//
// Layout: tm-<leg>-<sequence>-<scope>
//   scope = the scope id verbatim, when it is short and made of safe characters (UUIDs are), or
//         = _h<16 hex digits of FNV-1a 64>[_<readable hint>] otherwise.
// A verbatim scope always starts with a letter or digit and a shortened one with "_", so the two
// forms never meet; leg and sequence carry no "-", so the scope may contain "-".

export const CLIENT_ORDER_ID_PREFIX = 'tm-';
export const CLIENT_ORDER_ID_MAX_LENGTH = 128;

/** What an order is for: the entry, a stop alone, an OCO protecting shares, the product's own exit. */
export const CLIENT_ORDER_LEGS = ['entry', 'stop', 'oco', 'exit'] as const;
export type ClientOrderLeg = (typeof CLIENT_ORDER_LEGS)[number];

export interface ClientOrderIdParts {
  /** A decision id (any characters, up to 255) or a trade id. */
  scopeId: string;
  leg: ClientOrderLeg;
  /** Attempt or sequence number: the n-th protection increment, the n-th entry of a scope. */
  sequence: number;
}

export type ParsedClientOrderId =
  | { leg: ClientOrderLeg; sequence: number; hashed: false; scopeId: string }
  /** The scope id was shortened: only its hash (and a readable hint of it) survive. */
  | { leg: ClientOrderLeg; sequence: number; hashed: true; scopeHash: string; scopeHint: string };

const VERBATIM_SCOPE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
// tm- (3) + longest leg (5) + - + 16-digit sequence + - + scope ≤ 128 leaves room for 80 and more.
const MAX_VERBATIM_SCOPE = 80;
const MAX_HINT = 32;
const ID_PATTERN = /^tm-(entry|stop|oco|exit)-(0|[1-9][0-9]{0,15})-(.+)$/;
const HASHED_SCOPE = /^_h([0-9a-f]{16})(?:_([A-Za-z0-9.-]+))?$/;

// FNV-1a, 64 bits, over the UTF-16 code units (low byte, then high byte) so every distinct string,
// lone surrogates included, is hashed as itself. Only long or odd ids are hashed, and 64 bits keep
// a collision negligible: about 3 in 10^8 even among a million such ids (birthday bound n²/2^65).
// The 64-bit state is four 16-bit limbs, least significant first: plain integer arithmetic, exact
// in a double and far faster than BigInt. The prime 2^40 + 0x1b3 multiplies as h × 0x1b3 + (h << 40),
// and << 40 is two limbs up and 8 bits more.
function fnv1a64(text: string): string {
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const mix = (byte: number): void => {
    h0 ^= byte;
    const t0 = h0 * 0x1b3;
    let t1 = h1 * 0x1b3;
    let t2 = h2 * 0x1b3 + (h0 << 8);
    const t3 = h3 * 0x1b3 + (h1 << 8);
    t1 += t0 >>> 16;
    t2 += t1 >>> 16;
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = (t3 + (t2 >>> 16)) & 0xffff;
  };
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    mix(unit & 0xff);
    mix(unit >>> 8);
  }
  return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, '0')).join('');
}

function scopePartOf(scopeId: string): string {
  if (scopeId.length <= MAX_VERBATIM_SCOPE && VERBATIM_SCOPE.test(scopeId)) return scopeId;
  const hint = scopeId.replace(/[^A-Za-z0-9.-]/g, '').slice(0, MAX_HINT);
  return `_h${fnv1a64(scopeId)}${hint ? `_${hint}` : ''}`;
}

/** The client_order_id for one order: deterministic, unique per distinct input, at most 128 characters. */
export function clientOrderIdOf({ scopeId, leg, sequence }: ClientOrderIdParts): string {
  if (typeof scopeId !== 'string' || scopeId.length === 0) throw new RangeError('A client_order_id needs a non-empty scope id');
  if (!(CLIENT_ORDER_LEGS as readonly string[]).includes(leg)) throw new RangeError(`Unknown client_order_id leg "${leg}"`);
  if (!Number.isSafeInteger(sequence) || sequence < 0) {
    throw new RangeError(`A client_order_id sequence must be a non-negative whole number, got ${sequence}`);
  }
  return `${CLIENT_ORDER_ID_PREFIX}${leg}-${sequence}-${scopePartOf(scopeId)}`;
}

/**
 * The client_order_id of a decision's entry: one entry per decision (sequence 1), so a retried or
 * ambiguous submit, and every later run that asks whether it went through, names the same order.
 */
export function entryClientOrderIdOf(analysisId: string): string {
  return clientOrderIdOf({ scopeId: analysisId, leg: 'entry', sequence: 1 });
}

/** The parts of one of the product's own ids, or `null` for any other id (placed by hand, say). */
export function parseClientOrderId(id: string): ParsedClientOrderId | null {
  if (typeof id !== 'string' || id.length > CLIENT_ORDER_ID_MAX_LENGTH) return null;
  const match = ID_PATTERN.exec(id);
  if (!match) return null;
  const [, leg, digits, scope] = match as unknown as [string, ClientOrderLeg, string, string];
  const sequence = Number.parseInt(digits, 10);
  if (!Number.isSafeInteger(sequence)) return null;
  if (VERBATIM_SCOPE.test(scope) && scope.length <= MAX_VERBATIM_SCOPE) return { leg, sequence, hashed: false, scopeId: scope };
  const hashed = HASHED_SCOPE.exec(scope);
  if (!hashed || (hashed[2] ?? '').length > MAX_HINT) return null;
  return { leg, sequence, hashed: true, scopeHash: hashed[1] as string, scopeHint: hashed[2] ?? '' };
}

/** The product placed this order (its id carries the product's prefix and layout). */
export function isOwnClientOrderId(id: string): boolean {
  return parseClientOrderId(id) !== null;
}

/** Whether a parsed id was built from `scopeId`, whichever form its scope took. */
export function clientOrderIdHasScope(parsed: ParsedClientOrderId, scopeId: string): boolean {
  return parsed.hashed ? scopePartOf(scopeId).startsWith(`_h${parsed.scopeHash}`) : parsed.scopeId === scopeId;
}
