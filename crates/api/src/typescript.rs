//! TypeScript declarations of the DTOs and of the method table, for the
//! UI's one typed client (`ui/src/api/types.ts`, committed; a test fails
//! when it is stale: run `UPDATE_GENERATED=1 cargo test -p ats-api --test generated` to refresh).

use crate::dto::*;
use crate::error::ErrorBody;
use ts_rs::TS;

macro_rules! decls {
    ($($t:ty),* $(,)?) => {
        vec![$(<$t as TS>::decl()),*]
    };
}

pub fn declarations() -> String {
    let mut out = String::from(
        "// Generated from crates/api (dto.rs, table.rs): do not edit.\n\
         // Refresh with `UPDATE_GENERATED=1 cargo test -p ats-api --test generated`.\n\n",
    );
    let decls = decls![
        ErrorBody,
        Empty,
        ById,
        ByInterview,
        SetupStatus,
        SetupInput,
        SignInInput,
        SignedIn,
        AccountDto,
        NewUser,
        NewCompany,
        CompanyDto,
        JobDto,
        JobDetail,
        JobStatusInput,
        NewJob,
        Assignment,
        RankingDto,
        CandidateDto,
        ResumeFileDto,
        CandidateDetailDto,
        CandidateCorrection,
        WorkEntryCorrection,
        OriginalDto,
        Upload,
        Uploaded,
        InterviewDto,
        InterviewDetail,
        NewInterview,
        NewInvitation,
        InvitationDto,
        InvitationLink,
        CandidateInterview,
        ScorecardDto,
        OverrideInput,
        FileDto,
        CandidatePageInput,
        CandidatePage,
        SearchInput,
        SearchHit,
        AnalyticsInput,
        DayCount,
        Stage,
        AnalyticsDto,
        StatusInput,
        ApplicationsInput,
        ApplicationDto,
        PipelineDto,
        TotpSetup,
        TotpCode,
        PasswordInput,
        RubricInput,
        RubricSaved,
        JobSettingsInput,
        PlanInput,
        PlanSaved,
        CloudSettings,
        LocalSettings,
        LocalModelInfo,
        LocalModels,
        WatchSettings,
        WatchedFileDto,
        WatchSettingsInput,
        LlmSettings,
        LlmSettingsInput,
        ProviderKey,
        FairnessInput,
        SmtpSettingsInput,
        SmtpSettingsDto,
        EmailInvitationInput,
        EmailedInvitation,
        OutboxInput,
        OutboxMailDto,
        AuditQuery,
        AuditEntryDto,
        AuditPageDto,
        TranscriptInput,
    ];
    for d in decls {
        out.push_str("export ");
        // 64-bit integers cross as JSON numbers (counts, versions, sizes:
        // all far below 2^53), which JavaScript reads as `number`; ts-rs
        // would declare `bigint`, which `JSON.stringify` cannot send.
        out.push_str(&d.replace("bigint", "number"));
        out.push_str("\n\n");
    }
    out.push_str("/** A JSON document whose format the core defines (see docs/). */\nexport type JsonValue = unknown;\n\n");
    out.push_str("/** Every method: its input and output types. */\nexport interface Methods {\n");
    for m in crate::METHODS {
        out.push_str(&format!(
            "  \"{}\": {{ input: {}; output: {} }};\n",
            m.name,
            (m.input_ts)(),
            (m.output_ts)()
        ));
    }
    out.push_str("}\n");
    out
}
