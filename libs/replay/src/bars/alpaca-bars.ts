import { newYorkDate } from '@trading-monitor/broker';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { regularSessionOnly, type BarRequest, type BarSet, type BarSource, type DayBars } from './day-bars';

export type DataFeed = 'iex' | 'sip';

export interface AlpacaBarsOptions {
  /** Alpaca's market-data host (https://data.alpaca.markets, or the loopback test server). */
  dataUrl: string;
  keyId: string;
  secretKey: string;
  /** ALPACA_DATA_FEED: `iex` (the free feed, the default) or `sip` (every US exchange, a paid plan). */
  feed: DataFeed;
  /** Where fetched days are kept: `<cacheDir>/<feed>-raw/<SYMBOL>/<YYYY-MM-DD>.json`. */
  cacheDir: string;
  /** Today in New York: days from today on are never cached (they are not over). */
  today: string;
  /** Bars per page (Alpaca allows up to 10,000). */
  pageSize?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The adjustment asked for: `raw`, prices as they traded that day. A decision's limit, stop and
 * take-profit are written in the prices of its day; split-adjusted history rescales every bar before
 * a split, so a pre-split decision would be matched against prices it never saw. The cost: a split
 * inside the range is not applied to a position held across it (the replay says when a symbol moved
 * more than 40 % overnight, the mark of a split).
 */
export const BAR_ADJUSTMENT = 'raw';

const MAX_ATTEMPTS = 8;
// Alpaca allows about 200 requests a minute; a 429 without Retry-After waits this long.
const DEFAULT_RATE_LIMIT_WAIT_MS = 3_000;

/** A request the data API refused for good: credentials, subscription, symbol. The message says what to do. */
export class BarsUnavailable extends Error {
  override readonly name = 'BarsUnavailable';
}

/**
 * Alpaca Market Data v2 stock bars, 1-minute, for the regular session: `GET /v2/stocks/{symbol}/bars`
 * paged through `next_page_token`, a 429 waited out (Retry-After, else X-RateLimit-Reset, else a few
 * seconds), and every day kept in the cache so a second replay of the range makes no request.
 */
export class AlpacaBars implements BarSource {
  readonly description: string;
  /** Requests made (pages and retries), for the output and the tests. */
  requests = 0;

  constructor(private readonly options: AlpacaBarsOptions) {
    this.description = `Alpaca ${options.feed} 1-minute bars, ${BAR_ADJUSTMENT} (as traded; cached in ${options.cacheDir})`;
  }

  async load(request: BarRequest): Promise<BarSet> {
    const bars = new Map<string, Map<string, DayBars>>();
    for (const symbol of request.symbols) {
      const byDay = new Map<string, DayBars>();
      const missing: string[] = [];
      for (const day of request.days) {
        const cached = await this.readCached(symbol, day);
        if (cached) byDay.set(day, cached);
        else missing.push(day);
      }
      if (missing.length > 0) {
        request.onProgress?.(`Fetching ${symbol} 1-minute bars ${missing[0]} to ${missing[missing.length - 1]} from Alpaca (${this.options.feed})`);
        const fetched = await this.fetchDays(symbol, missing[0], missing[missing.length - 1]);
        for (const day of missing) {
          const dayBars = regularSessionOnly(day, fetched.get(day) ?? { t: [], o: [], h: [], l: [], c: [] });
          byDay.set(day, dayBars);
          if (day < this.options.today) await this.writeCached(symbol, day, dayBars);
        }
      }
      bars.set(symbol, byDay);
    }
    return (symbol, day) => bars.get(symbol)?.get(day);
  }

  private async fetchDays(symbol: string, from: string, to: string): Promise<Map<string, DayBars>> {
    const byDay = new Map<string, DayBars>();
    let pageToken: string | undefined;
    do {
      const url = new URL(`${this.options.dataUrl}/v2/stocks/${encodeURIComponent(symbol)}/bars`);
      url.searchParams.set('timeframe', '1Min');
      url.searchParams.set('start', `${from}T00:00:00Z`);
      // The end of the New York day, whatever the offset.
      url.searchParams.set('end', `${to}T23:59:59-05:00`);
      url.searchParams.set('limit', String(this.options.pageSize ?? 10_000));
      url.searchParams.set('adjustment', BAR_ADJUSTMENT);
      url.searchParams.set('feed', this.options.feed);
      url.searchParams.set('sort', 'asc');
      if (pageToken) url.searchParams.set('page_token', pageToken);
      const page = await this.get(url, symbol);
      for (const bar of page.bars ?? []) {
        const at = new Date(bar.t);
        const day = newYorkDate(at);
        let dayBars = byDay.get(day);
        if (!dayBars) byDay.set(day, (dayBars = { t: [], o: [], h: [], l: [], c: [] }));
        dayBars.t.push(at.getTime());
        dayBars.o.push(bar.o);
        dayBars.h.push(bar.h);
        dayBars.l.push(bar.l);
        dayBars.c.push(bar.c);
      }
      pageToken = page.next_page_token ?? undefined;
    } while (pageToken);
    return byDay;
  }

  private async get(url: URL, symbol: string): Promise<BarsPage> {
    const doFetch = this.options.fetch ?? fetch;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    for (let attempt = 1; ; attempt++) {
      this.requests++;
      let response: Response;
      try {
        response = await doFetch(url, {
          headers: { 'APCA-API-KEY-ID': this.options.keyId, 'APCA-API-SECRET-KEY': this.options.secretKey, Accept: 'application/json' },
        });
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS)
          throw new BarsUnavailable(`Alpaca's market data did not answer for ${symbol} (${(error as Error).message}). Try again later.`);
        await sleep(1000 * attempt);
        continue;
      }
      if (response.ok) return (await response.json()) as BarsPage;
      const body = await response.text().catch(() => '');
      if (response.status === 429 || response.status >= 500) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new BarsUnavailable(`Alpaca's market data answered ${response.status} ${attempt} times in a row for ${symbol}. Try again in a minute.`);
        }
        await sleep(response.status === 429 ? rateLimitWait(response.headers) : 1000 * attempt);
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        throw new BarsUnavailable(
          `Alpaca's market data refused the request (${response.status}${body ? `: ${body.slice(0, 200)}` : ''}). ` +
            'Check ALPACA_API_KEY and ALPACA_SECRET_KEY; the sip feed needs a paid plan (ALPACA_DATA_FEED=iex is free).',
        );
      }
      throw new BarsUnavailable(`Alpaca's market data answered ${response.status} for ${symbol}${body ? `: ${body.slice(0, 200)}` : ''}.`);
    }
  }

  private path(symbol: string, day: string): string {
    return join(this.options.cacheDir, `${this.options.feed}-${BAR_ADJUSTMENT}`, symbol.replace(/[^A-Za-z0-9.-]/g, '_'), `${day}.json`);
  }

  private async readCached(symbol: string, day: string): Promise<DayBars | undefined> {
    try {
      return JSON.parse(await readFile(this.path(symbol, day), 'utf8')) as DayBars;
    } catch {
      return undefined;
    }
  }

  private async writeCached(symbol: string, day: string, bars: DayBars): Promise<void> {
    const path = this.path(symbol, day);
    await mkdir(join(path, '..'), { recursive: true });
    // Whole or not at all: a replay stopped mid-write never reads half a day.
    await writeFile(`${path}.tmp`, JSON.stringify(bars));
    await rename(`${path}.tmp`, path);
  }
}

interface BarsPage {
  bars: Array<{ t: string; o: number; h: number; l: number; c: number; v?: number }> | null;
  symbol?: string;
  next_page_token?: string | null;
}

/** How long a 429 asks to wait: Retry-After (seconds), else until X-RateLimit-Reset (epoch seconds). */
function rateLimitWait(headers: Headers): number {
  const retryAfter = Number(headers.get('retry-after'));
  if (headers.get('retry-after') !== null && Number.isFinite(retryAfter)) return Math.max(0, retryAfter * 1000);
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.min(60_000, Math.max(0, reset * 1000 - Date.now()));
  return DEFAULT_RATE_LIMIT_WAIT_MS;
}
