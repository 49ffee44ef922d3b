// Names for the wire types, taken from the generated method table so that
// they follow types.ts (never edited by hand) wherever it goes.
import type { Methods } from "./types";

export type * from "./types";

export type MethodName = keyof Methods;
export type Input<M extends MethodName> = Methods[M]["input"];
export type Output<M extends MethodName> = Methods[M]["output"];

export type TotpSetupDto = Output<"auth.totp_begin">;
export type CandidatePageDto = Output<"candidates.list">;
export type CandidatePageRequest = Input<"candidates.list">;
export type SearchHitDto = Output<"candidates.search">[number];
export type AnalyticsData = Output<"analytics.get">;
export type AnalyticsRequest = Input<"analytics.get">;
export type DayCountDto = AnalyticsData["interviews_per_day"][number];
export type StageDto = AnalyticsData["funnel"][number];
export type StatusRequest = Input<"applications.set_status">;
