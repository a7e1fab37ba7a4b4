/** How often and how patiently to retry a retryable Salesforce failure. */
export interface RetryPolicy {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

/** Production default: 6 attempts, 250 ms doubling to at most 8 s (about 16 s in all). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, initialDelayMs: 250, maxDelayMs: 8_000 };

/** Delay before attempt `attempt + 1` (attempt counts from 1): exponential with full jitter in [d/2, d]. */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
