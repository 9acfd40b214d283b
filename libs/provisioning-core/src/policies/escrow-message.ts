/** Entra's escrow text in provisioning-log error details (reference §4.9). */
import { requireCount } from './policy-error';
import { formatUtc, type Instant } from './time';

/** "This operation was retried N times. It will be retried again after this date: <UTC>" */
export function escrowRetryMessage(retryCount: number, nextRetryAt: Instant): string {
  requireCount('retryCount', retryCount);
  return `This operation was retried ${retryCount} times. It will be retried again after this date: ${formatUtc(nextRetryAt)}`;
}

/** Appends the retry text to an error's own message, separated by a space. */
export function withEscrowRetryMessage(errorMessage: string, retryCount: number, nextRetryAt: Instant): string {
  const retry = escrowRetryMessage(retryCount, nextRetryAt);
  return errorMessage === '' ? retry : `${errorMessage} ${retry}`;
}
