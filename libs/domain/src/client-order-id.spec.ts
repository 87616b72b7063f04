import fc from 'fast-check';
import {
  CLIENT_ORDER_ID_MAX_LENGTH,
  CLIENT_ORDER_LEGS,
  clientOrderIdHasScope,
  clientOrderIdOf,
  entryClientOrderIdOf,
  isOwnClientOrderId,
  parseClientOrderId,
  type ClientOrderIdParts,
  type ParsedClientOrderId,
} from './client-order-id';

const ALPACA_SAFE = /^[A-Za-z0-9._-]+$/;
const UUID = '3f2b8c1e-9a4d-4c6b-8e2f-1a2b3c4d5e6f';

describe('clientOrderIdOf', () => {
  it.each([
    [{ scopeId: UUID, leg: 'entry', sequence: 0 }, `tm-entry-0-${UUID}`],
    [{ scopeId: 'NVDA_2025-01-15', leg: 'entry', sequence: 1 }, 'tm-entry-1-NVDA_2025-01-15'],
    [{ scopeId: 'T-20250115-NVDA', leg: 'oco', sequence: 2 }, 'tm-oco-2-T-20250115-NVDA'],
    [{ scopeId: '42', leg: 'stop', sequence: 0 }, 'tm-stop-0-42'],
    [{ scopeId: 'T-1', leg: 'exit', sequence: 9007199254740991 }, 'tm-exit-9007199254740991-T-1'],
  ] as const)('keeps a short, plain scope readable: %j', (parts, id) => {
    expect(clientOrderIdOf(parts)).toBe(id);
  });

  it.each([
    ['spaces and slashes', 'NVDA 2025/01/15 #3'],
    ['a leading dash', '-abc'],
    ['a leading underscore', '_h0123456789abcdef'],
    ['non-ASCII', 'décision-é'],
    ['255 characters', 'x'.repeat(255)],
    ['81 characters', 'a'.repeat(81)],
    ['only odd characters', '!!!'],
  ])('shortens a scope with %s to a hash', (_what, scopeId) => {
    const id = clientOrderIdOf({ scopeId, leg: 'entry', sequence: 0 });
    expect(id).toMatch(/^tm-entry-0-_h[0-9a-f]{16}(_[A-Za-z0-9.-]{1,32})?$/);
    expect(id.length).toBeLessThanOrEqual(CLIENT_ORDER_ID_MAX_LENGTH);
    expect(parseClientOrderId(id)).toMatchObject({ leg: 'entry', sequence: 0, hashed: true });
  });

  it('is deterministic', () => {
    const parts = { scopeId: 'NVDA 2025/01/15 #3', leg: 'oco', sequence: 4 } as const;
    expect(clientOrderIdOf(parts)).toBe(clientOrderIdOf({ ...parts }));
  });

  it('keeps a readable hint of a shortened scope', () => {
    expect(parseClientOrderId(clientOrderIdOf({ scopeId: 'NVDA 2025/01/15 #3', leg: 'entry', sequence: 0 }))).toEqual({
      leg: 'entry',
      sequence: 0,
      hashed: true,
      scopeHash: expect.stringMatching(/^[0-9a-f]{16}$/),
      scopeHint: 'NVDA202501153',
    });
  });

  it.each([
    [{ scopeId: '', leg: 'entry', sequence: 0 }, 'A client_order_id needs a non-empty scope id'],
    [{ scopeId: 'a', leg: 'bracket', sequence: 0 }, 'Unknown client_order_id leg "bracket"'],
    [{ scopeId: 'a', leg: 'entry', sequence: -1 }, 'A client_order_id sequence must be a non-negative whole number, got -1'],
    [{ scopeId: 'a', leg: 'entry', sequence: 1.5 }, 'got 1.5'],
  ])('refuses %j', (parts, message) => {
    expect(() => clientOrderIdOf(parts as ClientOrderIdParts)).toThrow(message);
  });

  const partsArb = fc.record({
    scopeId: fc.oneof(fc.string({ minLength: 1, maxLength: 255, unit: 'binary' }), fc.uuid(), fc.stringMatching(/^[A-Za-z0-9_.-]{1,120}$/)),
    leg: fc.constantFrom(...CLIENT_ORDER_LEGS),
    sequence: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
  });

  it('is at most 128 Alpaca-safe characters, recognisably ours, and parses back', () => {
    fc.assert(
      fc.property(partsArb, (parts) => {
        const id = clientOrderIdOf(parts);
        expect(id.length).toBeLessThanOrEqual(CLIENT_ORDER_ID_MAX_LENGTH);
        expect(id).toMatch(ALPACA_SAFE);
        expect(id.startsWith('tm-')).toBe(true);
        const parsed = parseClientOrderId(id);
        expect(parsed).toMatchObject({ leg: parts.leg, sequence: parts.sequence });
        if (parsed && !parsed.hashed) expect(parsed.scopeId).toBe(parts.scopeId);
        expect(parsed !== null && clientOrderIdHasScope(parsed, parts.scopeId)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('gives distinct inputs distinct ids', () => {
    fc.assert(
      fc.property(fc.uniqueArray(partsArb, { minLength: 2, maxLength: 200, selector: (p) => JSON.stringify(p) }), (all) => {
        expect(new Set(all.map(clientOrderIdOf)).size).toBe(all.length);
      }),
      { numRuns: 200 },
    );
  });

  it('does not collide over 100,000 similar long decision ids', () => {
    const ids = new Set<string>();
    const prefix = 'analysis/NVDA 2025-01-15 '.padEnd(200, '.');
    for (let i = 0; i < 100_000; i++) ids.add(clientOrderIdOf({ scopeId: `${prefix}${i}`, leg: 'entry', sequence: 0 }));
    expect(ids.size).toBe(100_000);
  });

  it('tells scopes apart that differ only where the hint cannot show it', () => {
    const parsed = parseClientOrderId(clientOrderIdOf({ scopeId: 'x y', leg: 'entry', sequence: 0 })) as ParsedClientOrderId;
    expect(clientOrderIdHasScope(parsed, 'x y')).toBe(true);
    expect(clientOrderIdHasScope(parsed, 'x_y')).toBe(false);
    expect(clientOrderIdHasScope(parsed, 'xy')).toBe(false);
  });
});

describe('the scope hash', () => {
  // Reference FNV-1a 64 in BigInt, over UTF-16 code units (low byte, then high byte).
  function referenceFnv1a64(text: string): string {
    let hash = 0xcbf29ce484222325n;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      for (const byte of [unit & 0xff, unit >>> 8]) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
    }
    return hash.toString(16).padStart(16, '0');
  }

  const hashOf = (scopeId: string) => {
    const parsed = parseClientOrderId(clientOrderIdOf({ scopeId, leg: 'entry', sequence: 0 }));
    return parsed?.hashed ? parsed.scopeHash : undefined;
  };

  it.each([' ', 'a b', 'décision', '\ud800', 'x'.repeat(255), '\u0000\uffff'])('is FNV-1a 64 of %p', (scopeId) => {
    expect(hashOf(scopeId)).toBe(referenceFnv1a64(scopeId));
  });

  it('matches the reference on random text', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 300, unit: 'binary' }).filter((s) => !/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/.test(s)),
        (scopeId) => {
          expect(hashOf(scopeId)).toBe(referenceFnv1a64(scopeId));
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

describe('entryClientOrderIdOf', () => {
  it("names a decision's one entry", () => {
    expect(entryClientOrderIdOf(UUID)).toBe(`tm-entry-1-${UUID}`);
    expect(entryClientOrderIdOf(UUID)).toBe(clientOrderIdOf({ scopeId: UUID, leg: 'entry', sequence: 1 }));
  });
});

describe('parseClientOrderId', () => {
  it('returns the parts of a verbatim id', () => {
    expect(parseClientOrderId(`tm-oco-3-${UUID}`)).toEqual({ leg: 'oco', sequence: 3, hashed: false, scopeId: UUID });
  });

  it.each([
    'b0b6dd9d-8b9b-48a9-ba46-b9d54906e415',
    'tm-',
    'tm-entry',
    'tm-entry-1',
    'tm-entry-1-',
    'tm-bracket-1-abc',
    'tm-entry-01-abc',
    'tm-entry-x-abc',
    'tm-entry-99999999999999999-abc',
    'tm-entry-9999999999999999-abc',
    'tm-entry-1-_habc',
    'tm-entry-1-_h0123456789abcdeF',
    'tm-entry-1-_h0123456789abcdef_',
    `tm-entry-1-_h0123456789abcdef_${'a'.repeat(33)}`,
    `tm-entry-1-${'a'.repeat(81)}`,
    `tm-entry-1-${'a'.repeat(200)}`,
    'TM-entry-1-abc',
  ])('does not claim %p', (id) => {
    expect(parseClientOrderId(id)).toBeNull();
    expect(isOwnClientOrderId(id)).toBe(false);
  });

  it('does not throw on anything', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(parseClientOrderId(value as string)).toBeNull();
      }),
    );
  });
});
