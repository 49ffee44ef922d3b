use crate::dto::*;
use crate::{ApiError, Ctx, Principal};
use ats_core::accounts::{self, Role};

pub async fn status(ctx: Ctx, _: Empty) -> Result<SetupStatus, ApiError> {
    Ok(SetupStatus {
        set_up: ctx.api.store().has_accounts().await?,
    })
}

pub async fn setup(ctx: Ctx, input: SetupInput) -> Result<SignedIn, ApiError> {
    let store = ctx.api.store();
    accounts::set_up(
        store,
        &input.company,
        &input.email,
        &input.name,
        &input.password,
    )
    .await?;
    sign_in(
        ctx,
        SignInInput {
            email: input.email,
            password: input.password,
            totp: None,
        },
    )
    .await
}

pub async fn sign_in(ctx: Ctx, input: SignInInput) -> Result<SignedIn, ApiError> {
    let (token, account) = accounts::sign_in_with(
        ctx.api.store(),
        &input.email,
        &input.password,
        input.totp.as_deref(),
    )
    .await?;
    Ok(SignedIn {
        token,
        account: account.into(),
    })
}

pub async fn sign_out(ctx: Ctx, _: Empty) -> Result<Empty, ApiError> {
    if let Some(token) = &ctx.session {
        accounts::sign_out(ctx.api.store(), token).await?;
    }
    Ok(Empty {})
}

fn account(ctx: &Ctx) -> Result<&ats_core::accounts::Account, ApiError> {
    match &ctx.who {
        Principal::User(a) => Ok(a),
        _ => Err(ApiError::Unauthenticated),
    }
}

pub async fn me(ctx: Ctx, _: Empty) -> Result<AccountDto, ApiError> {
    Ok(account(&ctx)?.clone().into())
}

pub async fn list_users(ctx: Ctx, _: Empty) -> Result<Vec<AccountDto>, ApiError> {
    Ok(ctx
        .store
        .list_users()
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

pub async fn create_user(ctx: Ctx, input: NewUser) -> Result<AccountDto, ApiError> {
    let role = Role::parse(&input.role)
        .ok_or_else(|| ApiError::Invalid(format!("no role {}", input.role)))?;
    // A company's administrator makes users of their company; only a super
    // admin makes super admins, and candidates come through invitations.
    let caller = account(&ctx)?.role;
    if role == Role::Candidate || (role == Role::SuperAdmin && caller != Role::SuperAdmin) {
        return Err(ApiError::Forbidden(format!(
            "users.create with role {}",
            input.role
        )));
    }
    let account =
        accounts::add_user(&ctx.store, &input.email, &input.name, role, &input.password).await?;
    Ok(account.into())
}

pub async fn create_company(ctx: Ctx, input: NewCompany) -> Result<CompanyDto, ApiError> {
    let name = input.name.trim();
    if name.is_empty() {
        return Err(ApiError::Invalid("a company needs a name".into()));
    }
    let company = ctx.store.create_company(name).await?;
    let scoped = ctx
        .api
        .store()
        .scoped(ats_core::store::Scope::company(&company.id));
    let admin = accounts::add_user(
        &scoped,
        &input.admin_email,
        &input.admin_name,
        Role::CompanyAdmin,
        &input.admin_password,
    )
    .await?;
    Ok(CompanyDto {
        id: company.id,
        name: company.name,
        created_at: company.created_at,
        admin: admin.into(),
    })
}

pub async fn totp_begin(ctx: Ctx, _: Empty) -> Result<TotpSetup, ApiError> {
    let (secret, url) = accounts::totp::begin(ctx.api.store(), account(&ctx)?).await?;
    let qr_svg = super::interviews::qr(&url)?.0;
    Ok(TotpSetup {
        secret,
        url,
        qr_svg,
    })
}

pub async fn totp_confirm(ctx: Ctx, input: TotpCode) -> Result<Empty, ApiError> {
    accounts::totp::confirm(ctx.api.store(), account(&ctx)?, &input.code).await?;
    Ok(Empty {})
}

pub async fn totp_disable(ctx: Ctx, input: PasswordInput) -> Result<Empty, ApiError> {
    accounts::totp::disable(ctx.api.store(), account(&ctx)?, &input.password).await?;
    Ok(Empty {})
}
