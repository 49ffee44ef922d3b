import { useTranslation } from "react-i18next";
import { useCall } from "../api/hooks";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { formatDateTime } from "../format";
import { Empty, PageHeader } from "./ui";

export default function Outbox() {
  const { t } = useTranslation();
  const mails = useCall("mail.outbox", { limit: 200 }, { refetchInterval: 10_000 });
  return (
    <>
      <PageHeader title={t("outbox.title")}>
        <p className="hint">{t("outbox.intro")}</p>
      </PageHeader>
      <ErrorNotice error={mails.error} />
      {mails.isPending && <Loading />}
      {mails.data?.length === 0 && <Empty>{t("outbox.none")}</Empty>}
      {mails.data && mails.data.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">{t("outbox.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("outbox.to")}</th>
              <th scope="col">{t("outbox.subject")}</th>
              <th scope="col">{t("outbox.status")}</th>
              <th scope="col">{t("outbox.attempts")}</th>
              <th scope="col">{t("outbox.next_attempt")}</th>
              <th scope="col">{t("outbox.sent")}</th>
              <th scope="col">{t("outbox.last_error")}</th>
            </tr>
          </thead>
          <tbody>
            {mails.data.map((m) => (
              <tr key={m.id}>
                <td>{m.to}</td>
                <td>{m.subject}</td>
                <td>
                  <span className={`tag tag--${m.status}`}>{t(`outbox.status_${m.status}`, { defaultValue: m.status })}</span>
                </td>
                <td>{m.attempts}</td>
                <td>{m.status === "queued" ? formatDateTime(m.next_attempt_at) : "—"}</td>
                <td>{formatDateTime(m.sent_at)}</td>
                <td className="error-text">{m.last_error ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
