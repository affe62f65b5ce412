/** Faults the fake injects, matched in the order they were queued. */

export type FaultKind =
  /** A 5xx (or any status) with a JSON body; `afterHandling` applies the request first (lost response). */
  | { type: 'status'; status: number; body?: unknown; afterHandling?: boolean }
  /** GitHub's primary limit: 403 (or 429) with x-ratelimit-remaining 0 and the reset time. */
  | { type: 'primary-rate-limit'; status?: 403 | 429; resetInSeconds: number }
  /** GitHub's secondary limit: 403 or 429 with retry-after (seconds), or none. */
  | { type: 'secondary-rate-limit'; status?: 403 | 429; retryAfterSeconds?: number }
  /** The connection is destroyed without an answer; `afterHandling` applies the request first. */
  | { type: 'reset'; afterHandling?: boolean }
  /** The answer comes this much later (then the request is served normally). */
  | { type: 'delay'; ms: number };

export interface FaultRule {
  fault: FaultKind;
  /** HTTP method; any when omitted. */
  method?: string;
  /**
   * Which requests: an operationId (`repos/upload-release-asset`), a path pattern where `*` matches one
   * segment and `**` any number (`/repos/o/r/releases/*`), or a RegExp on the path. Any when omitted.
   */
  match?: string | RegExp;
  /** How many matching requests get the fault (default 1; Infinity for all). */
  times?: number;
}

export interface QueuedFault extends FaultRule {
  /** How many matching requests have met it so far. */
  hits: number;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .split(/(\*\*|\*)/)
    .map((part) =>
      part === '**' ? '.*' : part === '*' ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${escaped}$`);
}

export function faultMatches(
  rule: FaultRule,
  request: { method: string; path: string; operationId?: string },
): boolean {
  if (rule.method && rule.method.toUpperCase() !== request.method) return false;
  if (rule.match === undefined) return true;
  if (rule.match instanceof RegExp) return rule.match.test(request.path);
  if (!rule.match.startsWith('/')) return rule.match === request.operationId;
  return globToRegExp(rule.match).test(request.path);
}

/** Takes the first queued fault that matches, counting the hit; exhausted faults leave the queue. */
export function takeFault(
  queue: QueuedFault[],
  request: { method: string; path: string; operationId?: string },
): FaultKind | undefined {
  const index = queue.findIndex((rule) => faultMatches(rule, request));
  if (index < 0) return undefined;
  const rule = queue[index];
  rule.hits += 1;
  if (rule.hits >= (rule.times ?? 1)) queue.splice(index, 1);
  return rule.fault;
}
