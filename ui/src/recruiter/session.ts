import { createContext, useContext } from "react";
import type { AccountDto } from "../api/types";

export const AccountContext = createContext<AccountDto | null>(null);

export function useAccount(): AccountDto {
  const a = useContext(AccountContext);
  if (!a) throw new Error("useAccount outside the recruiter layout");
  return a;
}

export type Role = "super_admin" | "company_admin" | "recruiter" | "hiring_manager" | "candidate";

/** What a role may do, as docs/rbac.md says (the server decides). */
export function can(account: AccountDto, what: "edit" | "manage_users" | "manage_settings" | "fairness"): boolean {
  const r = account.role as Role;
  switch (what) {
    case "edit":
      return r === "super_admin" || r === "company_admin" || r === "recruiter";
    case "manage_users":
    case "fairness":
      return r === "super_admin" || r === "company_admin";
    case "manage_settings":
      return r === "super_admin";
  }
}
