import { MARKET_ZONE, SimulatedBroker } from '@trading-monitor/broker';
import { startAlpacaTestServer, type AlpacaBarJson, type AlpacaTestServer } from '@trading-monitor/broker/testing';
import { ManualClock } from '@trading-monitor/domain';
import { DateTime } from 'luxon';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlpacaBars, BarsUnavailable, type AlpacaBarsOptions } from './alpaca-bars';

// Alpaca's bars endpoint, on the loopback Alpaca server: pages, a 429, the regular session only, the cache.
const DAYS = ['2025-09-02', '2025-09-03'];

/** 04:00 to 19:59 New York, one bar a minute: pre-market, the session and after hours, as Alpaca has them. */
function wireBars(day: string, base: number): AlpacaBarJson[] {
  const bars: AlpacaBarJson[] = [];
  const start = DateTime.fromISO(`${day}T04:00`, { zone: MARKET_ZONE });
  for (let i = 0; i < 16 * 60; i++) {
    const price = base + i / 100;
    bars.push({
      t: start.plus({ minutes: i }).toUTC().toISO({ suppressMilliseconds: true }) as string,
      o: price,
      h: price + 0.05,
      l: price - 0.05,
      c: price + 0.01,
      v: 100,
    });
  }
  return bars;
}

let server: AlpacaTestServer;
let market: SimulatedBroker;
let cacheDir: string;
const waits: number[] = [];

function client(overrides: Partial<AlpacaBarsOptions> = {}): AlpacaBars {
  return new AlpacaBars({
    dataUrl: server.url,
    keyId: server.keyId,
    secretKey: server.secretKey,
    feed: 'iex',
    cacheDir,
    today: '2025-12-01',
    pageSize: 500,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...overrides,
  });
}

beforeAll(async () => {
  market = new SimulatedBroker({ clock: new ManualClock(new Date('2025-12-01T15:00:00Z')) });
  server = await startAlpacaTestServer({ market, bars: { NVDA: [...wireBars(DAYS[0], 170), ...wireBars(DAYS[1], 180)] } });
  cacheDir = await mkdtemp(join(tmpdir(), 'replay-bars-'));
});
afterAll(async () => {
  await server.close();
  await rm(cacheDir, { recursive: true, force: true });
});

describe('Alpaca bars', () => {
  it('pages through next_page_token, waits out a 429 as Retry-After asks, and keeps the regular session only', async () => {
    market.rateLimitNext(1, 2000);
    const bars = client();
    const set = await bars.load({ symbols: ['NVDA'], days: DAYS, anchors: new Map() });
    const first = set('NVDA', DAYS[0]);
    expect(first?.t).toHaveLength(390);
    expect(DateTime.fromMillis(first?.t[0] ?? 0, { zone: MARKET_ZONE }).toFormat('HH:mm')).toBe('09:30');
    expect(DateTime.fromMillis(first?.t[389] ?? 0, { zone: MARKET_ZONE }).toFormat('HH:mm')).toBe('15:59');
    // 09:30 is the 330th minute after 04:00.
    expect(first?.o[0]).toBeCloseTo(170 + 330 / 100, 10);
    expect(set('NVDA', DAYS[1])?.t).toHaveLength(390);

    const pages = server.requests.filter((r) => r.path === '/v2/stocks/NVDA/bars');
    // 1,920 bars at 500 a page: 4 pages, and the one answered 429 asked again.
    expect(pages).toHaveLength(5);
    expect(waits).toEqual([2000]);
    expect(pages.slice(2).every((r) => r.query.includes('page_token='))).toBe(true);
    const query = new URLSearchParams(pages[0].query);
    expect(Object.fromEntries(['timeframe', 'adjustment', 'feed', 'limit'].map((k) => [k, query.get(k)]))).toEqual({
      timeframe: '1Min',
      adjustment: 'raw',
      feed: 'iex',
      limit: '500',
    });
  });

  it('answers a second load of the range from the cache, without a request', async () => {
    const offline = client({
      fetch: () => {
        throw new Error('no network in this test');
      },
    });
    const set = await offline.load({ symbols: ['NVDA'], days: DAYS, anchors: new Map() });
    expect(set('NVDA', DAYS[1])?.t).toHaveLength(390);
    expect(offline.requests).toBe(0);
    expect(await readdir(join(cacheDir, 'iex-raw', 'NVDA'))).toEqual(['2025-09-02.json', '2025-09-03.json']);
  });

  it('says what to check when the keys are refused', async () => {
    const refused = client({ secretKey: 'wrong', cacheDir: join(cacheDir, 'other') });
    const error = await refused.load({ symbols: ['NVDA'], days: DAYS, anchors: new Map() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BarsUnavailable);
    expect((error as Error).message).toMatch(/refused the request \(401.*Check ALPACA_API_KEY and ALPACA_SECRET_KEY/);
  });
});
