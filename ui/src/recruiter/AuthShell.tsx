import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitcher } from "../components/LanguageSwitcher";

/** The frame of sign-in and first-run set-up. */
export function AuthShell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="auth">
      <a className="skip-link" href="#main">
        {t("common.skip_to_content")}
      </a>
      <header className="auth__header">
        <span className="app__brand">{t("app.name")}</span>
        <LanguageSwitcher className="lang-switch--compact" />
      </header>
      <main id="main" className="auth__main" tabIndex={-1}>
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
