import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useCall } from "../api/hooks";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { formatDateTime } from "../format";
import { can, useAccount } from "./session";
import { Empty, PageHeader } from "./ui";

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`tag tag--${status}`}>{t(`interview_status.${status}`, { defaultValue: status })}</span>;
}

export default function Interviews() {
  const { t } = useTranslation();
  const account = useAccount();
  const list = useCall("interviews.list", {});
  return (
    <>
      <PageHeader
        title={t("interviews.title")}
        actions={
          can(account, "edit") && (
            <Link className="button button--primary" to="/app/interviews/new">
              {t("interviews.new")}
            </Link>
          )
        }
      />
      <ErrorNotice error={list.error} />
      {list.isPending && <Loading />}
      {list.data?.length === 0 && <Empty>{t("interviews.none")}</Empty>}
      {list.data && list.data.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">{t("interviews.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("candidates.name")}</th>
              <th scope="col">{t("jobs.job_title")}</th>
              <th scope="col">{t("interviews.status")}</th>
              <th scope="col">{t("interviews.language")}</th>
              <th scope="col">{t("common.created")}</th>
            </tr>
          </thead>
          <tbody>
            {[...list.data].reverse().map((i) => (
              <tr key={i.id}>
                <th scope="row">
                  <Link to={`/app/interviews/${i.id}`}>{i.candidate_name ?? t("candidates.unnamed")}</Link>
                </th>
                <td>{i.job_title}</td>
                <td>
                  <StatusTag status={i.status} />
                </td>
                <td>{i.language}</td>
                <td>{formatDateTime(i.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
