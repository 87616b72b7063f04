import { AnalysisDecision } from './entities/analysis-decision.entity';
import { ExecutionLog } from './entities/execution-log.entity';
import { OrderExecution } from './entities/order-execution.entity';
import { OrderFill } from './entities/order-fill.entity';
import { PositionTracking } from './entities/position-tracking.entity';
import { TradeAdjustment } from './entities/trade-adjustment.entity';
import { TradeJournal } from './entities/trade-journal.entity';
import { TradingControl } from './entities/trading-control.entity';

export { AnalysisDecision, ExecutionLog, OrderExecution, OrderFill, PositionTracking, TradeAdjustment, TradeJournal, TradingControl };
export { LOG_OUTCOMES, type LogOutcome } from './entities/execution-log.entity';

export const ENTITIES = [AnalysisDecision, TradeJournal, OrderExecution, PositionTracking, TradeAdjustment, ExecutionLog, OrderFill, TradingControl];
