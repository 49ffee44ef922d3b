import { useTranslation } from "react-i18next";
import { isRouteErrorResponse, Link, useRouteError } from "react-router";

/** What a route shows when its code failed to load or threw. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <main id="main" className="page page--narrow" tabIndex={-1}>
      <h1>{notFound ? t("common.not_found_title") : t("common.error_title")}</h1>
      <p>{notFound ? t("common.not_found_text") : t("common.error_text")}</p>
      <p>
        <Link to="/">{t("common.home")}</Link>
      </p>
    </main>
  );
}
