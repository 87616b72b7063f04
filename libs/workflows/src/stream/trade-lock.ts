// Kept for execute-decisions/cancel-entry.ts until it goes through runTradeStep (trade-sync/trade-step.ts).
export { lockTrade } from '../trade-sync/trade-lock';
