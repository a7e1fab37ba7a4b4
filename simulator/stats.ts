import type { FaultKind } from './faults';

/** Counters for one endpoint (method + normalised path, e.g. `PATCH /composite/sobjects`). */
export interface EndpointStats {
  count: number;
  /** Responses with status ≥ 400. */
  errors: number;
  /** Simulator CPU time spent handling (excludes injected latency), in milliseconds. */
  handlerMs: number;
  /** Records touched by DML through this endpoint. */
  records: number;
}

/** A snapshot of the simulator's request statistics. */
export interface SimulatorStats {
  totalRequests: number;
  /** Calls counted against the org's daily API limit (authenticated `/services/data` requests). */
  apiCalls: number;
  byEndpoint: Record<string, EndpointStats>;
  faults: Record<FaultKind, number>;
  peakInFlight: number;
}

/** Mutable statistics collector. */
export class StatsRecorder {
  private data: SimulatorStats = StatsRecorder.empty();

  private static empty(): SimulatorStats {
    return {
      totalRequests: 0,
      apiCalls: 0,
      byEndpoint: {},
      faults: { unableToLockRow: 0, requestLimitExceeded: 0, serviceUnavailable: 0, concurrencyLimit: 0 },
      peakInFlight: 0,
    };
  }

  endpoint(key: string): EndpointStats {
    let e = this.data.byEndpoint[key];
    if (!e) this.data.byEndpoint[key] = e = { count: 0, errors: 0, handlerMs: 0, records: 0 };
    return e;
  }

  request(key: string): void {
    this.data.totalRequests++;
    this.endpoint(key).count++;
  }

  apiCall(): number {
    return ++this.data.apiCalls;
  }

  fault(kind: FaultKind, n = 1): void {
    this.data.faults[kind] += n;
  }

  inFlight(n: number): void {
    if (n > this.data.peakInFlight) this.data.peakInFlight = n;
  }

  get apiCalls(): number {
    return this.data.apiCalls;
  }

  /** A deep copy of the current counters. */
  snapshot(): SimulatorStats {
    return structuredClone(this.data);
  }

  /** Zeroes every counter except `apiCalls` when `keepApiUsage` (the org's usage does not reset with tests). */
  reset(keepApiUsage = false): void {
    const api = this.data.apiCalls;
    this.data = StatsRecorder.empty();
    if (keepApiUsage) this.data.apiCalls = api;
  }
}
