export { DriftController } from './drift.controller';
export { DriftService } from './drift.service';
