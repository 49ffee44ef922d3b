// The recruiter's frame: skip link, banner with navigation, one <main>.
// Sends the person to set-up (first run) or sign-in as needed.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { call, isTauri } from "../api/client";
import { useCall } from "../api/hooks";
import { ErrorNotice } from "../components/ErrorNotice";
import { LanguageSwitcher } from "../components/LanguageSwitcher";
import { Loading } from "../components/Loading";
import { AccountContext, can } from "./session";
import { TooltipProvider } from "./ui";

export default function Layout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // In the desktop app the person at the machine is its owner: no set-up,
  // no sign-in (the app's `call` runs every method as the owner).
  const owner = isTauri();
  const status = useCall("auth.status", {}, { staleTime: Infinity, enabled: !owner });
  const me = useCall("auth.me", {}, { enabled: owner || status.data?.set_up === true, retry: false, staleTime: 60_000 });
  const mainRef = useRef<HTMLElement>(null);

  // Move focus to the page's content after a navigation (for screen readers).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [location.pathname]);

  if (!owner && status.isPending) return <Loading />;
  if (!owner && status.data && !status.data.set_up) return <Navigate to="/app/setup" replace />;
  if (me.error?.code === "auth.unauthenticated" || me.error?.code === "auth.forbidden") {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/app/sign-in?next=${next}`} replace />;
  }
  if (status.error || me.error) {
    return (
      <main id="main" className="page page--narrow">
        <h1>{t("common.error_title")}</h1>
        <ErrorNotice error={status.error ?? me.error} />
      </main>
    );
  }
  if (!me.data) return <Loading />;
  const account = me.data;

  const signOut = async () => {
    try {
      await call("auth.sign_out", {});
    } finally {
      queryClient.clear();
      void navigate("/app/sign-in", { replace: true });
    }
  };

  const links: [string, string, boolean][] = [
    ["/app", t("nav.dashboard"), true],
    ["/app/jobs", t("nav.jobs"), true],
    ["/app/candidates", t("nav.candidates"), true],
    ["/app/interviews", t("nav.interviews"), true],
    ["/app/outbox", t("nav.outbox"), can(account, "manage_users")],
    ["/app/audit", t("nav.audit"), can(account, "manage_users")],
    ["/app/settings", t("nav.settings"), true],
  ];

  return (
    <AccountContext.Provider value={account}>
      <TooltipProvider delayDuration={300}>
        <div className="app">
          <a className="skip-link" href="#main">
            {t("common.skip_to_content")}
          </a>
          <header className="app__header">
            <span className="app__brand">{t("app.name")}</span>
            <nav aria-label={t("nav.label")}>
              <ul className="nav">
                {links
                  .filter(([, , show]) => show)
                  .map(([to, label]) => (
                    <li key={to}>
                      <NavLink to={to} end={to === "/app"} className="nav__link">
                        {label}
                      </NavLink>
                    </li>
                  ))}
              </ul>
            </nav>
            <div className="app__account">
              <LanguageSwitcher className="lang-switch--compact" />
              <span className="app__user">
                {account.name ?? account.email} · {t(`roles.${account.role}`, { defaultValue: account.role })}
              </span>
              <button type="button" className="button button--small" onClick={() => void signOut()}>
                {t("auth.sign_out")}
              </button>
            </div>
          </header>
          <main id="main" ref={mainRef} className="page" tabIndex={-1}>
            <Outlet />
          </main>
        </div>
      </TooltipProvider>
    </AccountContext.Provider>
  );
}
