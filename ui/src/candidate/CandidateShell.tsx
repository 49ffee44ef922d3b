import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitcher } from "../components/LanguageSwitcher";

/** The candidate's page: skip link, banner, one main landmark. */
export function CandidateShell({
  title,
  subtitle,
  children,
  banner,
}: {
  title: string;
  subtitle?: string;
  children: ReactNode;
  banner?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="candidate">
      <a className="skip-link" href="#main">
        {t("common.skip_to_content")}
      </a>
      <header className="candidate__header">
        <div className="candidate__brand">
          <span className="candidate__product">{t("candidate.product")}</span>
          {subtitle && <span className="candidate__job">{subtitle}</span>}
        </div>
        <LanguageSwitcher className="lang-switch--compact" />
      </header>
      {banner}
      <main id="main" className="candidate__main" tabIndex={-1}>
        <h1 className="candidate__title">{title}</h1>
        {children}
      </main>
    </div>
  );
}
