// What other projects use of the domain's rules; the rest stays inside the library.
export { DEFAULT_BOTH_IN_ONE_BAR, barExecution, exitInBar, pointBar, type Bar, type BarExecution, type BothInOneBar, type WorkingOrder } from './bar-fills';
export { compareBooks, isOwnOrder, orderDisagreement, type BookFindings, type BookSnapshot, type UntrackedOrder } from './book-comparison';
export {
  CLIENT_ORDER_ID_MAX_LENGTH,
  CLIENT_ORDER_ID_PREFIX,
  clientOrderIdHasScope,
  clientOrderIdOf,
  entryClientOrderIdOf,
  isOwnClientOrderId,
  parseClientOrderId,
} from './client-order-id';
export { type Clock } from './clock';
export { MAX_ATTEMPTS, MAX_DECISION_AGE_DAYS, attemptLimitReason, staleDecisionReason } from './decision-limits';
export { parseDecision, type DecisionParseResult } from './decision-parser';
export {
  afterCancel,
  placeUnlessStale,
  planEntryChange,
  type AfterCancel,
  type EntryChangeFacts,
  type EntryChangePlan,
  type TargetTrade,
} from './entry-change-plan';
export { exitReasonOf, tradeEventOf, unfilledEntryEnding, type ExitReason, type TradeEnding } from './exit-reason';
export { NO_FILLS, addFill, reportedAverageOf, totalFills, type Fill, type FillTotals } from './fills';
export { ManualClock } from './manual-clock';
export { Money } from './money';
export { applyOrderReport, isWorkingOrderStatus } from './order-lifecycle';
export { TIMES_IN_FORCE, type OrderRole, type TimeInForce } from './order-role';
export {
  BROKER_ORDER_STATUSES,
  isBrokerOrderStatus,
  isTerminalJournalStatus,
  journalStatusOf,
  type BrokerOrderStatus,
  type JournalOrderStatus,
} from './order-status';
export { rMultipleOf, realizedPnl, valuePosition } from './pnl';
export { Price } from './price';
export { protectedShares, unprotectedShares, type CoveringOrder } from './protected-shares';
export { planProtection, type ProtectionOrder } from './protection-plan';
export { exitSideOf, heldOnSide, signedQty, type Side } from './side';
export { type DecisionIntent, type TradePlan } from './trade-intent';
export { IllegalTransitionError, nextTradeStatus, type TradeStatus } from './trade-lifecycle';
export { type TradeStyle } from './trade-style';
export { SplitRatio } from './split-rebase';
export { unexplainedShares, type ShareEvidence } from './unexplained-shares';
export { planStopThroughMarket, type StopThroughMarketAction } from './stop-through-market';
