import { marketData, trading } from '@alpacahq/alpaca-trade-api/rest';
import { ConfigError, redactUrlCredentials } from '@trading-monitor/config';

export interface AlpacaEndpoints {
  tradingUrl: string;
  dataUrl: string;
}

/**
 * The hosts the adapter talks to: the paper host unless `paper` is false; ALPACA_TRADING_URL and
 * ALPACA_DATA_URL when set. A trading URL naming the live host while paper is on is refused: it
 * would trade real money without the ALLOW_LIVE_TRADING opt-in that `paper: false` requires.
 */
export function alpacaEndpoints(config: { paper: boolean; tradingUrl?: string; dataUrl?: string }): AlpacaEndpoints {
  const tradingUrl = withoutTrailingSlash(config.tradingUrl ?? (config.paper ? trading.TRADING_PAPER_HOST : trading.TRADING_LIVE_HOST));
  if (config.paper && hostOf(tradingUrl) === hostOf(trading.TRADING_LIVE_HOST)) {
    throw new ConfigError([
      `ALPACA_TRADING_URL points at the live trading host (${hostOf(trading.TRADING_LIVE_HOST)}) while ALPACA_PAPER is true. ` +
        'For live trading set ALPACA_PAPER=false and ALLOW_LIVE_TRADING=yes; for paper trading remove ALPACA_TRADING_URL.',
    ]);
  }
  return { tradingUrl, dataUrl: withoutTrailingSlash(config.dataUrl ?? marketData.MARKET_DATA_HOST) };
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    throw new ConfigError([`"${redactUrlCredentials(url)}" is not a URL such as https://paper-api.alpaca.markets`]);
  }
}
