import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useCall } from "../api/hooks";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { formatDate } from "../format";
import { can, useAccount } from "./session";
import { Empty, PageHeader } from "./ui";

export default function Jobs() {
  const { t } = useTranslation();
  const account = useAccount();
  const jobs = useCall("jobs.list", {});
  return (
    <>
      <PageHeader
        title={t("jobs.title")}
        actions={
          can(account, "edit") && (
            <Link className="button button--primary" to="/app/jobs/new">
              {t("jobs.new")}
            </Link>
          )
        }
      />
      <ErrorNotice error={jobs.error} />
      {jobs.isPending && <Loading />}
      {jobs.data?.length === 0 && <Empty>{t("jobs.none")}</Empty>}
      {jobs.data && jobs.data.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">{t("jobs.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("jobs.job_title")}</th>
              <th scope="col">{t("jobs.status")}</th>
              <th scope="col">{t("jobs.must_haves")}</th>
              <th scope="col">{t("jobs.ranked")}</th>
              <th scope="col">{t("nav.interviews")}</th>
              <th scope="col">{t("common.created")}</th>
            </tr>
          </thead>
          <tbody>
            {jobs.data.map((j) => (
              <tr key={j.id}>
                <th scope="row">
                  <Link to={`/app/jobs/${j.id}`}>{j.title}</Link>
                </th>
                <td>
                  <span className="tag">{t(`jobs.status_${j.status}`, j.status)}</span>
                </td>
                <td>{j.must_have}</td>
                <td>{j.candidates_ranked}</td>
                <td>{j.interviews}</td>
                <td>{formatDate(j.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
