/** Provision on demand: `POST /servicePrincipals/{id}/synchronization/jobs/{jobId}/provisionOnDemand` (docs/synchronization-api.md). */
import { OnDemandRateLimiter } from './rate-limiter';
import { ProvisionOnDemandController } from './provision-on-demand.controller';
import { ProvisionOnDemandService } from './provision-on-demand.service';

export {
  MAX_ON_DEMAND_MEMBERS,
  OnDemandRequestError,
  parseProvisionOnDemandRequest,
  type OnDemandObjectType,
  type OnDemandRequest,
} from './on-demand-request';
export {
  ON_DEMAND_RATE_LIMIT,
  ON_DEMAND_RATE_WINDOW_MS,
  OnDemandRateLimiter,
  SlidingWindowRateLimiter,
  type RateDecision,
} from './rate-limiter';
export * from './on-demand-response';
export { findRule, onDemandMapping, onDemandProcessorContext, type OnDemandMapping } from './on-demand-context';
export {
  initiatorOf,
  OnDemandThrottledError,
  ProvisionOnDemandService,
  withSelectedMembers,
  type OnDemandCall,
} from './provision-on-demand.service';
export { ProvisionOnDemandController } from './provision-on-demand.controller';

export const ON_DEMAND_CONTROLLERS = [ProvisionOnDemandController];
export const ON_DEMAND_PROVIDERS = [ProvisionOnDemandService, OnDemandRateLimiter];
