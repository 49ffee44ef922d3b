// react-query over the typed client: the query key is [method, input].
import {
  useMutation,
  useQuery,
  type UseMutationOptions,
  type UseQueryOptions,
} from "@tanstack/react-query";
import { type ApiError, call } from "./client";
import type { Methods } from "./types";

type M = keyof Methods;

export function useCall<K extends M>(
  method: K,
  input: Methods[K]["input"],
  options: Omit<UseQueryOptions<Methods[K]["output"], ApiError>, "queryKey" | "queryFn"> = {},
) {
  return useQuery<Methods[K]["output"], ApiError>({
    queryKey: [method, input],
    queryFn: () => call(method, input),
    ...options,
  });
}

export function useCallMutation<K extends M, Ctx = unknown>(
  method: K,
  options: Omit<UseMutationOptions<Methods[K]["output"], ApiError, Methods[K]["input"], Ctx>, "mutationFn"> = {},
) {
  return useMutation<Methods[K]["output"], ApiError, Methods[K]["input"], Ctx>({
    mutationFn: (input) => call(method, input),
    ...options,
  });
}
