export {
  CYCLE_INTERVAL_MS,
  startLoop,
  type GraphAnswer,
  type Json,
  type LocalTarget,
  type Loop,
  type LoopOptions,
  type LoopProfile,
} from './loop';
