// First run: the company and its administrator (auth.setup).
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate } from "react-router";
import { z } from "zod";
import { useCall, useCallMutation } from "../api/hooks";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { AuthShell } from "./AuthShell";
import { TextField } from "./ui";

export const MIN_PASSWORD = 10;

const schema = z
  .object({
    company: z.string().trim().min(1, "setup.company_required"),
    name: z.string().trim().min(1, "setup.name_required"),
    email: z.email("auth.email_invalid"),
    password: z.string().min(MIN_PASSWORD, "auth.password_short"),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { message: "auth.password_mismatch", path: ["confirm"] });
type Form = z.infer<typeof schema>;

export default function Setup() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const status = useCall("auth.status", {}, { staleTime: 0 });
  const form = useForm<Form>({
    resolver: zodResolver(schema),
    defaultValues: { company: "", name: "", email: "", password: "", confirm: "" },
  });
  const setup = useCallMutation("auth.setup", {
    onSuccess: (signed) => {
      queryClient.setQueryData(["auth.status", {}], { set_up: true });
      queryClient.setQueryData(["auth.me", {}], signed.account);
      void navigate("/app", { replace: true });
    },
  });
  if (status.isPending) return <Loading />;
  if (status.data?.set_up && !setup.isSuccess) return <Navigate to="/app/sign-in" replace />;
  const { errors } = form.formState;
  const err = (m?: string) => (m ? t(m, { min: MIN_PASSWORD }) : undefined);
  return (
    <AuthShell title={t("setup.title")}>
      <p>{t("setup.intro")}</p>
      <form
        className="form"
        noValidate
        onSubmit={form.handleSubmit((v) =>
          setup.mutate({ company: v.company, name: v.name, email: v.email, password: v.password }),
        )}
      >
        <TextField label={t("setup.company")} autoComplete="organization" error={err(errors.company?.message)} {...form.register("company")} />
        <TextField label={t("setup.admin_name")} autoComplete="name" error={err(errors.name?.message)} {...form.register("name")} />
        <TextField label={t("auth.email")} type="email" autoComplete="email" error={err(errors.email?.message)} {...form.register("email")} />
        <TextField
          label={t("auth.password")}
          type="password"
          autoComplete="new-password"
          hint={t("auth.password_rule", { min: MIN_PASSWORD })}
          error={err(errors.password?.message)}
          {...form.register("password")}
        />
        <TextField label={t("auth.password_confirm")} type="password" autoComplete="new-password" error={err(errors.confirm?.message)} {...form.register("confirm")} />
        <ErrorNotice error={setup.error} />
        <button type="submit" className="button button--primary" disabled={setup.isPending}>
          {setup.isPending ? t("common.working") : t("setup.submit")}
        </button>
      </form>
    </AuthShell>
  );
}
