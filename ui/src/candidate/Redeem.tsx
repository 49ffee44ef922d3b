// `/i/:token`: the invitation link. The server checks the token and sets
// the invitation cookie (GET /i/{token}); then the interview opens. The
// token leaves the address bar at once.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { ApiError, CLIENT_CODES, httpUrl } from "../api/client";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { CandidateShell } from "./CandidateShell";

export async function redeemInvitation(token: string, doFetch: typeof fetch = fetch): Promise<void> {
  let response: Response;
  try {
    response = await doFetch(httpUrl(`/i/${encodeURIComponent(token)}`), {
      credentials: "include",
      headers: { Accept: "application/json" },
    });
  } catch (e) {
    throw new ApiError(CLIENT_CODES.network, e instanceof Error ? e.message : String(e), 0);
  }
  if (response.ok) return;
  let body: { code?: unknown; message?: unknown } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    /* not JSON */
  }
  throw new ApiError(
    typeof body.code === "string" ? body.code : "auth.invalid_invitation",
    typeof body.message === "string" ? body.message : `HTTP ${response.status}`,
    response.status,
  );
}

export default function Redeem() {
  const { t } = useTranslation();
  const { token = "" } = useParams();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    // Keep the secret out of the history and of screenshots of the address.
    window.history.replaceState(null, "", "/interview");
    redeemInvitation(token).then(
      () => navigate("/interview", { replace: true }),
      (e: unknown) => setError(e),
    );
  }, [token, navigate]);

  return (
    <CandidateShell title={error ? t("candidate.cannot_open_title") : t("candidate.redeem_title")}>
      {error ? (
        <>
          <ErrorNotice error={error} />
          <p>{t("candidate.invalid_link_help")}</p>
        </>
      ) : (
        <Loading label={t("candidate.opening_invitation")} />
      )}
    </CandidateShell>
  );
}
