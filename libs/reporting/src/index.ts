// @trading-monitor/reporting: what the book says about the past — the trading report, performance
// figures, the equity curve and the HTML report.
export { factsOfClosedTrade, rMultipleText, type Performance } from './performance';
export { InvalidReportRange, reportRangeOf } from './report-range';
export { tradingReport, type TradingReport } from './trading-report';
export { ReportFileError, writeHtmlReport } from './write-html-report';
export type { HtmlReportOptions, HtmlSection } from './html-report';
