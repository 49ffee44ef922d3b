// Settings: the account's second factor, the company's users, its mail
// server, and (for the installation's owner) the language models.
import { zodResolver } from "@hookform/resolvers/zod";
import * as Tabs from "@radix-ui/react-tabs";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { z } from "zod";
import type { TotpSetupDto } from "../api/dto";
import { svgDataUrl } from "../api/files";
import { useCall, useCallMutation } from "../api/hooks";
import type { LlmSettings, SmtpSettingsDto } from "../api/types";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { formatDateTime } from "../format";
import { DropFolderPanel } from "./DropFolder";
import { LocalModelPicker } from "./LocalModelPicker";
import { MIN_PASSWORD } from "./Setup";
import { can, useAccount } from "./session";
import { Field, PageHeader, TextAreaField, TextField } from "./ui";

export default function Settings() {
  const { t } = useTranslation();
  const account = useAccount();
  const [params, setParams] = useSearchParams();
  const tabs = [
    ["account", true],
    ["users", can(account, "manage_users")],
    ["mail", can(account, "manage_users")],
    ["models", can(account, "manage_settings")],
    ["watch", can(account, "manage_settings")],
  ] as const;
  const shown = tabs.filter(([, ok]) => ok).map(([k]) => k);
  const tab = shown.find((k) => k === params.get("tab")) ?? "account";
  return (
    <>
      <PageHeader title={t("settings.title")} />
      <Tabs.Root className="tabs" value={tab} onValueChange={(v) => setParams({ tab: v }, { replace: true })}>
        <Tabs.List className="tabs__list" aria-label={t("settings.sections")}>
          {shown.map((k) => (
            <Tabs.Trigger key={k} value={k} className="tabs__trigger">
              {t(`settings.tab_${k}`)}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <Tabs.Content value="account" className="tabs__panel">
          <AccountPanel />
        </Tabs.Content>
        {shown.includes("users") && (
          <Tabs.Content value="users" className="tabs__panel">
            <UsersPanel />
          </Tabs.Content>
        )}
        {shown.includes("mail") && (
          <Tabs.Content value="mail" className="tabs__panel">
            <MailPanel />
          </Tabs.Content>
        )}
        {shown.includes("models") && (
          <Tabs.Content value="models" className="tabs__panel">
            <ModelsPanel />
          </Tabs.Content>
        )}
        {shown.includes("watch") && (
          <Tabs.Content value="watch" className="tabs__panel">
            <DropFolderPanel />
          </Tabs.Content>
        )}
      </Tabs.Root>
    </>
  );
}

// ----- account: second factor -----

function AccountPanel() {
  const { t } = useTranslation();
  const account = useAccount();
  const [setup, setSetup] = useState<TotpSetupDto | null>(null);
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const begin = useCallMutation("auth.totp_begin", { onSuccess: setSetup });
  const confirm = useCallMutation("auth.totp_confirm", { onSuccess: () => setSetup(null) });
  const disable = useCallMutation("auth.totp_disable", { onSuccess: () => setPassword("") });
  return (
    <div className="stack">
      <dl className="fields">
        <div className="fields__row">
          <dt>{t("auth.email")}</dt>
          <dd>{account.email}</dd>
        </div>
        <div className="fields__row">
          <dt>{t("settings.role")}</dt>
          <dd>{t(`roles.${account.role}`, { defaultValue: account.role })}</dd>
        </div>
      </dl>
      <section className="card" aria-labelledby="totp-heading">
        <h2 id="totp-heading">{t("settings.totp_title")}</h2>
        <p>{t("settings.totp_intro")}</p>
        {!setup && (
          <button type="button" className="button button--primary" disabled={begin.isPending} onClick={() => begin.mutate({})}>
            {t("settings.totp_begin")}
          </button>
        )}
        <ErrorNotice error={begin.error} />
        {setup && (
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              confirm.mutate({ code: code.trim() });
            }}
          >
            <img className="qr" src={svgDataUrl(setup.qr_svg)} alt={t("settings.totp_qr_alt")} width={200} height={200} />
            <p>
              {t("settings.totp_secret")} <code className="secret">{setup.secret}</code>
            </p>
            <TextField
              label={t("auth.totp_code")}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
            <ErrorNotice error={confirm.error} />
            <button type="submit" className="button button--primary" disabled={confirm.isPending || code.trim().length !== 6}>
              {t("settings.totp_confirm")}
            </button>
          </form>
        )}
        {confirm.isSuccess && <p role="status">{t("settings.totp_on")}</p>}
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            disable.mutate({ password });
          }}
        >
          <h3>{t("settings.totp_disable_title")}</h3>
          <TextField
            label={t("auth.password")}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <ErrorNotice error={disable.error} />
          <button type="submit" className="button button--danger" disabled={!password || disable.isPending}>
            {t("settings.totp_disable")}
          </button>
          {disable.isSuccess && <p role="status">{t("settings.totp_off")}</p>}
        </form>
      </section>
    </div>
  );
}

// ----- users -----

const ROLES = ["company_admin", "recruiter", "hiring_manager"] as const;

const userSchema = z.object({
  email: z.email("auth.email_invalid"),
  name: z.string().trim().min(1, "setup.name_required"),
  role: z.enum(ROLES),
  password: z.string().min(MIN_PASSWORD, "auth.password_short"),
});
type UserForm = z.infer<typeof userSchema>;

function UsersPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const users = useCall("users.list", {});
  const form = useForm<UserForm>({
    resolver: zodResolver(userSchema),
    defaultValues: { email: "", name: "", role: "recruiter", password: "" },
  });
  const create = useCallMutation("users.create", {
    onSuccess: () => {
      form.reset();
      void queryClient.invalidateQueries({ queryKey: ["users.list"] });
    },
  });
  const { errors } = form.formState;
  const err = (m?: string) => (m ? t(m, { min: MIN_PASSWORD }) : undefined);
  return (
    <div className="grid-2">
      <section>
        <h2>{t("settings.users")}</h2>
        <ErrorNotice error={users.error} />
        {users.isPending && <Loading />}
        {users.data && (
          <table className="table table--compact">
            <caption className="visually-hidden">{t("settings.users")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("settings.user_name")}</th>
                <th scope="col">{t("auth.email")}</th>
                <th scope="col">{t("settings.role")}</th>
                <th scope="col">{t("common.created")}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id}>
                  <td>{u.name ?? "—"}</td>
                  <td>{u.email}</td>
                  <td>{t(`roles.${u.role}`, { defaultValue: u.role })}</td>
                  <td>{formatDateTime(u.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <form className="form card" noValidate onSubmit={form.handleSubmit((v) => create.mutate(v))}>
        <h2>{t("settings.add_user")}</h2>
        <TextField label={t("settings.user_name")} autoComplete="off" error={err(errors.name?.message)} {...form.register("name")} />
        <TextField label={t("auth.email")} type="email" autoComplete="off" error={err(errors.email?.message)} {...form.register("email")} />
        <Field label={t("settings.role")}>
          {({ id }) => (
            <select id={id} {...form.register("role")}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextField
          label={t("settings.initial_password")}
          type="password"
          autoComplete="new-password"
          hint={t("auth.password_rule", { min: MIN_PASSWORD })}
          error={err(errors.password?.message)}
          {...form.register("password")}
        />
        <ErrorNotice error={create.error} />
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {t("settings.add_user")}
        </button>
        {create.isSuccess && <p role="status">{t("settings.user_added")}</p>}
      </form>
    </div>
  );
}

// ----- mail server -----

const SECURITY = ["starttls", "tls", "none"] as const;

const smtpSchema = z.object({
  host: z.string().trim().min(1, "settings.host_required"),
  port: z.number("settings.port_invalid").int("settings.port_invalid").min(1, "settings.port_invalid").max(65535, "settings.port_invalid"),
  username: z.string().trim(),
  password: z.string(),
  from: z.string().trim().min(3, "settings.from_required"),
  security: z.enum(SECURITY),
  ca_certificate: z
    .string()
    .trim()
    .refine((c) => c === "" || c.includes("-----BEGIN CERTIFICATE-----"), "settings.smtp_ca_invalid"),
});
type SmtpForm = z.infer<typeof smtpSchema>;

function MailPanel() {
  const smtp = useCall("settings.smtp_get", {});
  if (smtp.isPending) return <Loading />;
  if (smtp.error) return <ErrorNotice error={smtp.error} />;
  return <MailForm current={smtp.data} />;
}

function MailForm({ current }: { current: SmtpSettingsDto | null }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [removePassword, setRemovePassword] = useState(false);
  const form = useForm<SmtpForm>({
    resolver: zodResolver(smtpSchema),
    defaultValues: {
      host: current?.host ?? "",
      port: current?.port ?? 587,
      username: current?.username ?? "",
      password: "",
      from: current?.from ?? "",
      security: (SECURITY as readonly string[]).includes(current?.security ?? "")
        ? (current!.security as SmtpForm["security"])
        : "starttls",
      ca_certificate: current?.ca_certificate ?? "",
    },
  });
  const save = useCallMutation("settings.smtp_set", {
    onSuccess: (s) => {
      queryClient.setQueryData(["settings.smtp_get", {}], s);
      form.setValue("password", "");
      setRemovePassword(false);
    },
  });
  const { errors } = form.formState;
  const err = (m?: string) => (m ? t(m) : undefined);
  return (
    <form
      className="form"
      noValidate
      onSubmit={form.handleSubmit((v) =>
        save.mutate({
          host: v.host,
          port: v.port,
          username: v.username || null,
          // Absent keeps the stored password; "" removes it.
          password: removePassword ? "" : v.password ? v.password : null,
          from: v.from,
          security: v.security,
          ca_certificate: v.ca_certificate || null,
        }),
      )}
    >
      <p className="hint">{t("settings.smtp_intro")}</p>
      <div className="grid-2">
        <TextField label={t("settings.smtp_host")} error={err(errors.host?.message)} {...form.register("host")} />
        <TextField
          label={t("settings.smtp_port")}
          type="number"
          inputMode="numeric"
          error={err(errors.port?.message)}
          {...form.register("port", { valueAsNumber: true })}
        />
      </div>
      <Field label={t("settings.smtp_security")} hint={t("settings.smtp_security_hint")}>
        {({ id, describedBy }) => (
          <select id={id} aria-describedby={describedBy} {...form.register("security")}>
            {SECURITY.map((s) => (
              <option key={s} value={s}>
                {t(`settings.security_${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextField label={t("settings.smtp_from")} hint={t("settings.smtp_from_hint")} error={err(errors.from?.message)} {...form.register("from")} />
      <TextField label={t("settings.smtp_username")} autoComplete="off" {...form.register("username")} />
      <TextField
        label={t("settings.smtp_password")}
        type="password"
        autoComplete="new-password"
        hint={current?.password_set ? t("settings.smtp_password_set") : t("settings.smtp_password_unset")}
        disabled={removePassword}
        {...form.register("password")}
      />
      <TextAreaField
        label={t("settings.smtp_ca")}
        hint={t("settings.smtp_ca_hint")}
        rows={4}
        spellCheck={false}
        error={err(errors.ca_certificate?.message)}
        {...form.register("ca_certificate")}
      />
      {current?.password_set && (
        <div className="checkbox">
          <input id="smtp-remove-password" type="checkbox" checked={removePassword} onChange={(e) => setRemovePassword(e.target.checked)} />
          <label htmlFor="smtp-remove-password">{t("settings.smtp_remove_password")}</label>
        </div>
      )}
      <ErrorNotice error={save.error} />
      <button type="submit" className="button button--primary" disabled={save.isPending}>
        {t("common.save")}
      </button>
      {save.isSuccess && <p role="status">{t("common.saved")}</p>}
    </form>
  );
}

// ----- language models -----

const PROVIDERS = ["openai", "anthropic", "local"] as const;

const llmSchema = z.object({
  order: z.string().refine(
    (s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean)
        .every((x) => (PROVIDERS as readonly string[]).includes(x)),
    "settings.order_invalid",
  ),
  offline: z.boolean(),
  timeout_secs: z.number("settings.timeout_invalid").int("settings.timeout_invalid").min(1, "settings.timeout_invalid").max(3600, "settings.timeout_invalid"),
  openai_model: z.string(),
  openai_base_url: z.string(),
  anthropic_model: z.string(),
  anthropic_base_url: z.string(),
  local_model: z.string(),
  openai_key: z.string(),
  anthropic_key: z.string(),
});
type LlmForm = z.infer<typeof llmSchema>;

function ModelsPanel() {
  const llm = useCall("settings.llm_get", {});
  if (llm.isPending) return <Loading />;
  if (llm.error) return <ErrorNotice error={llm.error} />;
  return <ModelsForm current={llm.data} />;
}

function ModelsForm({ current }: { current: LlmSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<LlmForm>({
    resolver: zodResolver(llmSchema),
    defaultValues: {
      order: current.order.join(", "),
      offline: current.offline,
      timeout_secs: current.timeout_secs,
      openai_model: current.openai.model,
      openai_base_url: current.openai.base_url,
      anthropic_model: current.anthropic.model,
      anthropic_base_url: current.anthropic.base_url,
      local_model: current.local.model,
      openai_key: "",
      anthropic_key: "",
    },
  });
  const localModel = useWatch({ control: form.control, name: "local_model" });
  const save = useCallMutation("settings.llm_set", {
    onSuccess: (s) => {
      queryClient.setQueryData(["settings.llm_get", {}], s);
      form.setValue("openai_key", "");
      form.setValue("anthropic_key", "");
    },
  });
  const { errors } = form.formState;
  const err = (m?: string) => (m ? t(m) : undefined);
  const keySource = (s: string | null) => (s ? t("settings.key_found", { source: s }) : t("settings.key_missing"));
  return (
    <form
      className="form form--wide"
      noValidate
      onSubmit={form.handleSubmit((v) => {
        const keys = [
          ...(v.openai_key ? [{ provider: "openai", key: v.openai_key }] : []),
          ...(v.anthropic_key ? [{ provider: "anthropic", key: v.anthropic_key }] : []),
        ];
        save.mutate({
          order: v.order
            .split(",")
            .map((x) => x.trim())
            .filter(Boolean),
          offline: v.offline,
          timeout_secs: Number(v.timeout_secs),
          openai_model: v.openai_model,
          openai_base_url: v.openai_base_url,
          anthropic_model: v.anthropic_model,
          anthropic_base_url: v.anthropic_base_url,
          local_model: v.local_model,
          keys: keys.length > 0 ? keys : null,
        });
      })}
    >
      <p className="hint">{t("settings.llm_intro")}</p>
      <TextField label={t("settings.llm_order")} hint={t("settings.llm_order_hint")} error={err(errors.order?.message)} {...form.register("order")} />
      <div className="checkbox">
        <input id="llm-offline" type="checkbox" aria-describedby="llm-offline-hint" {...form.register("offline")} />
        <label htmlFor="llm-offline">{t("settings.llm_offline")}</label>
        <p id="llm-offline-hint" className="hint">
          {t("settings.llm_offline_hint")}
        </p>
      </div>
      <TextField
        label={t("settings.llm_timeout")}
        type="number"
        error={err(errors.timeout_secs?.message)}
        {...form.register("timeout_secs", { valueAsNumber: true })}
      />
      <fieldset className="card">
        <legend>OpenAI</legend>
        <TextField label={t("settings.llm_model")} {...form.register("openai_model")} />
        <TextField label={t("settings.llm_base_url")} type="url" {...form.register("openai_base_url")} />
        <TextField
          label={t("settings.llm_key")}
          type="password"
          autoComplete="off"
          hint={keySource(current.openai.key_source)}
          {...form.register("openai_key")}
        />
      </fieldset>
      <fieldset className="card">
        <legend>Anthropic</legend>
        <TextField label={t("settings.llm_model")} {...form.register("anthropic_model")} />
        <TextField label={t("settings.llm_base_url")} type="url" {...form.register("anthropic_base_url")} />
        <TextField
          label={t("settings.llm_key")}
          type="password"
          autoComplete="off"
          hint={keySource(current.anthropic.key_source)}
          {...form.register("anthropic_key")}
        />
      </fieldset>
      <fieldset className="card">
        <legend>{t("settings.llm_local")}</legend>
        <LocalModelPicker
          value={localModel}
          onChoose={(path) => form.setValue("local_model", path, { shouldDirty: true })}
        />
        <TextField label={t("settings.llm_gguf")} hint={t("settings.llm_gguf_hint")} {...form.register("local_model")} />
        <p className="hint">
          {t("settings.llm_local_facts", { threads: current.local.threads ?? t("settings.auto"), size: current.local.context })}
        </p>
      </fieldset>
      <ErrorNotice error={save.error} />
      <button type="submit" className="button button--primary" disabled={save.isPending}>
        {t("common.save")}
      </button>
      {save.isSuccess && <p role="status">{t("settings.llm_saved")}</p>}
    </form>
  );
}
