import { useTranslation } from "react-i18next";
import { Link } from "react-router";

/** The text of a page that does not exist (inside a layout's <main>). */
export function NotFoundSection() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t("common.not_found_title")}</h1>
      <p>{t("common.not_found_text")}</p>
      <p>
        <Link to="/">{t("common.home")}</Link>
      </p>
    </section>
  );
}

export default function NotFound() {
  return (
    <main id="main" className="page page--narrow" tabIndex={-1}>
      <NotFoundSection />
    </main>
  );
}
