import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError, CLIENT_CODES, isApiError } from "./api/client";

type Listener = (error: ApiError) => void;
let onUnauthenticated: Listener | null = null;

/** Where a lapsed session is sent (the recruiter area sets it). */
export function setUnauthenticatedHandler(l: Listener | null): void {
  onUnauthenticated = l;
}

function seen(error: unknown): void {
  if (isApiError(error) && error.code === "auth.unauthenticated") onUnauthenticated?.(error);
}

/** Retry what may pass later (rate limits, a dropped network), never a 4xx. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (!isApiError(error)) return failureCount < 2;
  if (error.status === 429) return failureCount < 3;
  if (error.code === CLIENT_CODES.network) return failureCount < 3;
  return error.status >= 500 && failureCount < 1;
}

export function retryDelay(failureCount: number, error: unknown): number {
  if (isApiError(error) && error.retryAfterSecs !== null) return error.retryAfterSecs * 1000;
  return Math.min(1000 * 2 ** failureCount, 15_000);
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: seen }),
    mutationCache: new MutationCache({ onError: seen }),
    defaultOptions: {
      queries: { retry: shouldRetry, retryDelay, staleTime: 15_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
