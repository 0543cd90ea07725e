/**
 * The part of autocannon 9's programmatic API the benchmark uses (the package
 * ships no types and there is no @types/autocannon for it).
 */
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  export type RawRequest = {
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: string | Buffer;
  };

  /** Per-connection scratch space, reset each time the request list starts over. */
  export type RequestContext = Record<string, unknown>;

  export type RequestSpec = {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    /** Called before every request; what it returns is sent. */
    setupRequest?: (request: RawRequest, context: RequestContext) => RawRequest;
    onResponse?: (status: number, body: string, context: RequestContext, headers: Record<string, string>) => void;
  };

  export type Options = {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Seconds before a request counts as timed out. */
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    requests?: RequestSpec[];
  };

  export type Histogram = {
    min: number;
    max: number;
    average: number;
    /** Requests only: how many in all. */
    total: number;
    stddev: number;
    p50: number;
    p90: number;
    p99: number;
  };

  export type Result = {
    url: string;
    /** Seconds the run took. */
    duration: number;
    requests: Histogram;
    latency: Histogram;
    errors: number;
    timeouts: number;
    statusCodeStats: Record<string, { count: number }>;
  };

  export interface Instance extends EventEmitter, PromiseLike<Result> {
    stop(): void;
  }

  export default function autocannon(options: Options): Instance;
}
