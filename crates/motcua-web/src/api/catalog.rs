//! The public procedure catalog: list and search, one procedure in full, the units.

use axum::extract::State;
use motcua_calendar::Limit;
use motcua_domain::fold::fold;
use motcua_domain::ids::ProcedureCode;
use motcua_domain::procedure::{FieldKind, ProcedureVersion, StoredProcedure};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, ApiResult};
use crate::state::AppState;
use crate::time::vn;
use crate::views::{Problem, UnitRef, snake};

#[derive(Debug, Deserialize, IntoParams)]
pub struct CatalogQuery {
    /// Words of the name or a code; diacritics are ignored ("dang ky khai sinh").
    pub q: Option<String>,
    /// Field (lĩnh vực), e.g. "Hộ tịch" (diacritics ignored).
    pub field: Option<String>,
    /// commune, province or ministry.
    pub level: Option<String>,
    /// At most this many items (default 50, at most 500).
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimeLimitOut {
    pub amount: u32,
    /// working_days, working_hours, calendar_days, months, same_day.
    pub unit: String,
    /// As published, e.g. "03 ngày làm việc".
    pub text: String,
}

fn time_limit(l: Option<Limit>, text: &str) -> Option<TimeLimitOut> {
    l.map(|l| TimeLimitOut {
        amount: l.amount,
        unit: snake(&l.unit),
        text: if text.is_empty() {
            l.label_vi()
        } else {
            text.to_string()
        },
    })
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProcedureItem {
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub field: String,
    /// commune, province, ministry.
    pub levels: Vec<String>,
    pub processing_time: Option<TimeLimitOut>,
    pub processing_time_text: String,
    /// full (toàn trình), partial (một phần), in_person; none when not known.
    pub online_mode: Option<String>,
    pub fee_text: String,
    /// published or abolished.
    pub status: String,
    pub version: u32,
    /// Search relevance (only with `q`; higher is better).
    pub score: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProcedureList {
    pub items: Vec<ProcedureItem>,
}

fn item(p: &ProcedureVersion, score: Option<u32>) -> ProcedureItem {
    ProcedureItem {
        code: p.code.as_str().into(),
        name: p.name_vi.clone(),
        name_en: p.name_en.clone(),
        field: p.field_vi.clone(),
        levels: p.levels.iter().map(snake).collect(),
        processing_time: time_limit(p.processing_time, &p.processing_time_text),
        processing_time_text: p.processing_time_text.clone(),
        online_mode: p.online_mode.as_ref().map(snake),
        fee_text: p.fee_text.clone(),
        status: snake(&p.status),
        version: p.version,
        score,
    }
}

/// List or search the catalog. With `q`, best match first.
#[utoipa::path(get, path = "/api/v1/procedures", tag = "catalog", params(CatalogQuery),
    responses((status = 200, body = ProcedureList), (status = 400, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<CatalogQuery>,
) -> ApiResult<Json<ProcedureList>> {
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    let level = match q.level.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(l @ ("commune" | "province" | "ministry")) => Some(l.to_string()),
        Some(other) => {
            return Err(ApiError::bad_request(
                "catalog.bad_level",
                format!("Cấp thực hiện «{other}» không hợp lệ (commune, province hoặc ministry)."),
                format!("Level {other:?} is not valid (commune, province or ministry)."),
            ));
        }
    };
    let field = q.field.as_deref().map(fold).filter(|f| !f.is_empty());
    let keep = |p: &StoredProcedure| {
        let v = &p.version;
        v.status != motcua_domain::procedure::PublicationStatus::Draft
            && level
                .as_ref()
                .is_none_or(|l| v.levels.iter().any(|x| &snake(x) == l))
            && field.as_ref().is_none_or(|f| fold(&v.field_vi) == *f)
    };
    let catalog = state.catalog();
    let items = match q.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) => catalog
            .index
            .search(text, catalog.list.len())
            .into_iter()
            .filter_map(|h| {
                let p = &catalog.list[*catalog.by_code.get(&h.key)?];
                keep(p).then(|| item(&p.version, Some(h.score)))
            })
            .take(limit)
            .collect(),
        None => catalog
            .list
            .iter()
            .filter(|p| keep(p))
            .take(limit)
            .map(|p| item(&p.version, None))
            .collect(),
    };
    Ok(Json(ProcedureList { items }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ComponentOut {
    pub key: String,
    pub name: String,
    pub name_en: Option<String>,
    /// Bản chính.
    pub originals: u8,
    /// Bản sao.
    pub copies: u8,
    pub copies_text: Option<String>,
    pub required: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FeeOut {
    /// online, desk, post; none: every channel.
    pub channel: Option<String>,
    pub amount_vnd: u64,
    pub description: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StepOut {
    pub name: String,
    pub role: String,
    pub allotted: Option<TimeLimitOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FormFieldOut {
    pub key: String,
    pub label_vi: String,
    pub label_en: String,
    /// text, long_text, date, number, select, citizen_id, phone, email, address, file.
    #[serde(rename = "type")]
    pub kind: String,
    pub options: Vec<String>,
    pub required: bool,
    pub help_vi: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VersionOut {
    pub version: u32,
    pub id: i64,
    #[schema(format = DateTime)]
    pub effective_from: String,
    pub status: String,
}

/// Everything public about a procedure.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProcedureDetail {
    #[serde(flatten)]
    pub item: ProcedureItem,
    pub level_text: String,
    pub summary_vi: Option<String>,
    pub steps_text_vi: Option<String>,
    /// online, desk, post.
    pub channels: Vec<String>,
    pub online_mode_label_vi: Option<String>,
    pub applicants_vi: Option<String>,
    pub agency_vi: Option<String>,
    pub components: Vec<ComponentOut>,
    pub fees: Vec<FeeOut>,
    /// The fee for each channel, in đồng.
    pub fee_by_channel: std::collections::BTreeMap<String, u64>,
    pub legal_basis: Vec<String>,
    pub result_vi: String,
    pub internal_steps: Vec<StepOut>,
    pub form_fields: Vec<FormFieldOut>,
    pub non_boundary: bool,
    pub publication_decision: Option<String>,
    pub caveats: Vec<String>,
    pub source_urls: Vec<String>,
    pub versions: Vec<VersionOut>,
}

/// One procedure with its components, fees, legal basis, steps, form and versions.
#[utoipa::path(get, path = "/api/v1/procedures/{code}", tag = "catalog",
    params(("code" = String, Path, description = "Procedure code, e.g. 1.001193")),
    responses((status = 200, body = ProcedureDetail), (status = 404, body = Problem)))]
pub async fn detail(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> ApiResult<Json<ProcedureDetail>> {
    let code = ProcedureCode::parse(code.trim()).map_err(|_| ApiError::not_found())?;
    let store = state.store();
    let p = store.procedure(&code).ok_or_else(ApiError::not_found)?;
    let history = store.procedure_history(&code).await?;
    let v = &p.version;
    let kind = |k: &FieldKind| match k {
        FieldKind::Select { options } => ("select".to_string(), options.clone()),
        other => (
            serde_json::to_value(other)
                .ok()
                .and_then(|x| x.get("type").and_then(|t| t.as_str()).map(String::from))
                .unwrap_or_default(),
            vec![],
        ),
    };
    Ok(Json(ProcedureDetail {
        item: item(v, None),
        level_text: v.level_text.clone(),
        summary_vi: v.summary_vi.clone(),
        steps_text_vi: v.steps_text_vi.clone(),
        channels: v.channels.iter().map(snake).collect(),
        online_mode_label_vi: v.online_mode.map(|m| m.label_vi().to_string()),
        applicants_vi: v.applicants_vi.clone(),
        agency_vi: v.agency_vi.clone(),
        components: v
            .components
            .iter()
            .map(|c| ComponentOut {
                key: c.key.clone(),
                name: c.name_vi.clone(),
                name_en: c.name_en.clone(),
                originals: c.originals,
                copies: c.copies,
                copies_text: c.copies_text.clone(),
                required: c.required,
            })
            .collect(),
        fees: v
            .fees
            .iter()
            .map(|f| FeeOut {
                channel: f.channel.as_ref().map(snake),
                amount_vnd: f.amount_vnd,
                description: f.description_vi.clone(),
            })
            .collect(),
        fee_by_channel: v
            .channels
            .iter()
            .map(|c| (snake(c), v.fee_for(*c)))
            .collect(),
        legal_basis: v.legal_basis.clone(),
        result_vi: v.result_vi.clone(),
        internal_steps: v
            .internal_steps
            .iter()
            .map(|s| StepOut {
                name: s.name_vi.clone(),
                role: s.role.as_str().into(),
                allotted: time_limit(Some(s.allotted), ""),
            })
            .collect(),
        form_fields: v
            .form_fields
            .iter()
            .map(|f| {
                let (kind, options) = kind(&f.kind);
                FormFieldOut {
                    key: f.key.clone(),
                    label_vi: f.label_vi.clone(),
                    label_en: f.label_en.clone(),
                    kind,
                    options,
                    required: f.required,
                    help_vi: f.help_vi.clone(),
                }
            })
            .collect(),
        non_boundary: v.non_boundary,
        publication_decision: v.publication_decision.clone(),
        caveats: v.caveats.clone(),
        source_urls: v.source_urls.clone(),
        versions: history
            .iter()
            .map(|h| VersionOut {
                version: h.version.version,
                id: h.id.0,
                effective_from: vn(h.effective_from),
                status: snake(&h.version.status),
            })
            .collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitOut {
    #[serde(flatten)]
    pub unit: UnitRef,
    /// province, commune, department, service_center, district.
    pub kind: String,
    pub parent_id: Option<i64>,
    pub valid_from: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitList {
    pub items: Vec<UnitOut>,
}

/// The units in force today.
#[utoipa::path(get, path = "/api/v1/units", tag = "catalog",
    responses((status = 200, body = UnitList)))]
pub async fn units(State(state): State<AppState>) -> ApiResult<Json<UnitList>> {
    let units = state.store().units(None).await?;
    Ok(Json(UnitList {
        items: units
            .iter()
            .map(|u| UnitOut {
                unit: UnitRef::from(u),
                kind: snake(&u.kind),
                parent_id: u.parent.map(|p| p.0),
                valid_from: u.valid_from.to_string(),
            })
            .collect(),
    }))
}
