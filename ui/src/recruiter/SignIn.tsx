import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { z } from "zod";
import { useCall, useCallMutation } from "../api/hooks";
import { ErrorNotice } from "../components/ErrorNotice";
import { AuthShell } from "./AuthShell";
import { TextField } from "./ui";

const schema = z.object({
  email: z.string().trim().min(1, "auth.email_required"),
  password: z.string().min(1, "auth.password_required"),
  totp: z.string().trim().regex(/^(\d{6})?$/, "auth.totp_format"),
});
type Form = z.infer<typeof schema>;

/** Only paths inside the app are followed after sign-in. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith("/app") || next.startsWith("//")) return "/app";
  return next;
}

export default function SignIn() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const status = useCall("auth.status", {}, { staleTime: Infinity });
  const [needTotp, setNeedTotp] = useState(false);
  const form = useForm<Form>({ resolver: zodResolver(schema), defaultValues: { email: "", password: "", totp: "" } });
  const signIn = useCallMutation("auth.sign_in", {
    onSuccess: (signed) => {
      queryClient.setQueryData(["auth.me", {}], signed.account);
      void navigate(safeNext(params.get("next")), { replace: true });
    },
    onError: (e) => {
      if (e.code === "auth.totp_required") setNeedTotp(true);
    },
  });

  useEffect(() => {
    if (needTotp) form.setFocus("totp");
  }, [needTotp, form]);

  if (status.data && !status.data.set_up) return <Navigate to="/app/setup" replace />;
  const err = (m?: string) => (m ? t(m) : undefined);
  const { errors } = form.formState;
  const showError = signIn.error && signIn.error.code !== "auth.totp_required" ? signIn.error : null;

  return (
    <AuthShell title={t("auth.sign_in_title")}>
      <form
        className="form"
        noValidate
        onSubmit={form.handleSubmit((v) =>
          signIn.mutate({ email: v.email, password: v.password, totp: needTotp && v.totp ? v.totp : null }),
        )}
      >
        <TextField label={t("auth.email")} type="email" autoComplete="username" error={err(errors.email?.message)} {...form.register("email")} />
        <TextField
          label={t("auth.password")}
          type="password"
          autoComplete="current-password"
          error={err(errors.password?.message)}
          {...form.register("password")}
        />
        {needTotp && (
          <>
            <p role="status" className="notice">
              {t("auth.totp_needed")}
            </p>
            <TextField
              label={t("auth.totp_code")}
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="\d{6}"
              maxLength={6}
              hint={t("auth.totp_hint")}
              error={err(errors.totp?.message)}
              {...form.register("totp")}
            />
          </>
        )}
        <ErrorNotice error={showError} />
        <button type="submit" className="button button--primary" disabled={signIn.isPending}>
          {signIn.isPending ? t("common.working") : t("auth.sign_in")}
        </button>
      </form>
    </AuthShell>
  );
}
