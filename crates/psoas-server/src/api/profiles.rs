//! `/api/v1/profiles`: the people being tested, listed, added and edited.

use axum::Json;
use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use psoas_core::units::{BodyHeight, LegLength};
use psoas_core::{BirthYear, DisplayName, ProfileId};
use psoas_store::Scope;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::caller::Caller;
use super::enums::Sex;
use super::extract::{ApiJson, ApiQuery, path_id};
use super::paging::{Page, paged_query};
use super::problem::{self, ApiError, ApiResult, at};
use crate::AppState;

/// A person whose hips are tested.
#[derive(Debug, Serialize, ToSchema)]
pub struct Profile {
    /// Its id.
    pub id: Uuid,
    /// How the person is called; unique among the account's profiles, in any case.
    pub name: String,
    /// Year of birth.
    pub birth_year: Option<i16>,
    /// Sex, which shifts range-of-motion norms.
    pub sex: Option<Sex>,
    /// Leg length in cm (hip bone to heel), needed to turn heel heights into angles.
    pub leg_length_cm: Option<f64>,
    /// Body height in cm; without a leg length, heel heights use 0.53 x this as the leg length.
    pub body_height_cm: Option<f64>,
    /// Whether the camera's photos are kept with the trials measured from them (the markers
    /// always are).
    pub keep_photos: bool,
}

impl From<&psoas_core::Profile> for Profile {
    fn from(p: &psoas_core::Profile) -> Self {
        Self {
            id: p.id.0,
            name: p.name.to_string(),
            birth_year: p.birth_year.map(|y| y.value()),
            sex: p.sex.map(Into::into),
            leg_length_cm: p.leg_length_cm.map(|l| l.cm()),
            body_height_cm: p.body_height_cm.map(|h| h.cm()),
            keep_photos: p.keep_photos,
        }
    }
}

/// A new profile.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProfile {
    /// 1 to 80 characters, no line breaks; unique among the account's profiles.
    #[schema(example = "Anna")]
    pub name: String,
    /// Year of birth, 1900 to this year.
    #[schema(example = 1984)]
    pub birth_year: Option<i16>,
    /// Sex.
    pub sex: Option<Sex>,
    /// Leg length in cm, 40 to 130.
    #[schema(example = 92)]
    pub leg_length_cm: Option<f64>,
    /// Body height in cm, 80 to 240; the leg length is estimated from it when not given.
    #[schema(example = 172)]
    pub body_height_cm: Option<f64>,
    /// Keep the camera's photos with the trials measured from them; off when left out.
    #[serde(default)]
    pub keep_photos: bool,
}

/// Changes to a profile: a field left out stays as it is; `null` clears an optional field.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfilePatch {
    /// A new name (cannot be cleared).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub name: Option<Option<String>>,
    /// A new year of birth, or null to clear it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i16>)]
    pub birth_year: Option<Option<i16>>,
    /// A new sex, or null to clear it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Sex>)]
    pub sex: Option<Option<Sex>>,
    /// A new leg length in cm, or null to clear it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<f64>)]
    pub leg_length_cm: Option<Option<f64>>,
    /// A new body height in cm, or null to clear it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<f64>)]
    pub body_height_cm: Option<Option<f64>>,
    /// Keep the camera's photos from now on, or stop: turned off, the photos kept so far are
    /// deleted.
    pub keep_photos: Option<bool>,
}

/// Tells a field sent as `null` (Some(None)) from one left out (None).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

paged_query!(
    /// Paging of the profile list.
    ProfileQuery {}
);

/// This year, by the server's clock and time zone: the latest birth year accepted.
pub(crate) fn current_year() -> i16 {
    jiff::ZonedDateTime::now().year()
}

fn birth_year(year: i16) -> ApiResult<BirthYear> {
    BirthYear::new(year, current_year()).map_err(at("/birth_year"))
}

fn leg_length(cm: f64) -> ApiResult<LegLength> {
    LegLength::new(cm).map_err(at("/leg_length_cm"))
}

fn body_height(cm: f64) -> ApiResult<BodyHeight> {
    BodyHeight::new(cm).map_err(at("/body_height_cm"))
}

/// A profile by id in the caller's scope.
pub(super) async fn profile_by_id(
    state: &AppState,
    scope: Scope,
    id: Uuid,
) -> ApiResult<psoas_core::Profile> {
    Ok(state.store.profile(scope, ProfileId(id)).await?)
}

/// Lists the caller's profiles, by name.
#[utoipa::path(
    get,
    path = "/profiles",
    tag = "profiles",
    params(ProfileQuery),
    responses(
        (status = 200, description = "A page of profiles, by name.", body = Page<Profile>),
        (status = 422, response = problem::Validation),
        problem::ReadProblems,
    )
)]
pub async fn list_profiles(
    State(state): State<AppState>,
    caller: Caller,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<ProfileQuery>,
) -> ApiResult<Json<Page<Profile>>> {
    let paging = query.paging()?;
    let profiles = state.store.list_profiles(caller.scope()).await?;
    Ok(Json(paging.page(
        profiles,
        |p| Profile::from(&p),
        &state.settings.public_url,
        &uri,
    )))
}

/// Adds a profile.
#[utoipa::path(
    post,
    path = "/profiles",
    tag = "profiles",
    request_body = NewProfile,
    responses(
        (status = 201, description = "The profile, added.", body = Profile,
            headers(("Location" = String, description = "The new profile's address."))),
        (status = 409, response = problem::Conflict),
        problem::JsonWriteProblems,
    )
)]
pub async fn create_profile(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewProfile>,
) -> ApiResult<(
    StatusCode,
    [(axum::http::HeaderName, String); 1],
    Json<Profile>,
)> {
    let mut profile = psoas_core::Profile::new(
        DisplayName::parse(&body.name).map_err(at("/name"))?,
        body.birth_year.map(birth_year).transpose()?,
        body.sex.map(Into::into),
        body.leg_length_cm.map(leg_length).transpose()?,
    );
    profile.body_height_cm = body.body_height_cm.map(body_height).transpose()?;
    profile.keep_photos = body.keep_photos;
    state.store.create_profile(caller.scope(), &profile).await?;
    Ok((
        StatusCode::CREATED,
        [(LOCATION, format!("/api/v1/profiles/{}", profile.id))],
        Json(Profile::from(&profile)),
    ))
}

/// One profile.
#[utoipa::path(
    get,
    path = "/profiles/{id}",
    tag = "profiles",
    params(("id" = Uuid, Path, description = "The profile's id.")),
    responses(
        (status = 200, description = "The profile.", body = Profile),
        (status = 404, response = problem::NotFound),
        problem::ReadProblems,
    )
)]
pub async fn get_profile(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Profile>> {
    let id = path_id(&id, "profile")?;
    let profile = profile_by_id(&state, caller.scope(), id).await?;
    Ok(Json(Profile::from(&profile)))
}

/// Changes a profile's details.
#[utoipa::path(
    patch,
    path = "/profiles/{id}",
    tag = "profiles",
    params(("id" = Uuid, Path, description = "The profile's id.")),
    request_body(
        description = "Only the fields to change.",
        content(
            (ProfilePatch = "application/json"),
            (ProfilePatch = "application/merge-patch+json"),
        )
    ),
    responses(
        (status = 200, description = "The profile as it now is.", body = Profile),
        (status = 404, response = problem::NotFound),
        (status = 409, response = problem::Conflict),
        problem::JsonWriteProblems,
    )
)]
pub async fn patch_profile(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<ProfilePatch>,
) -> ApiResult<Json<Profile>> {
    let id = path_id(&id, "profile")?;
    let mut profile = profile_by_id(&state, caller.scope(), id).await?;
    match patch.name {
        None => {}
        Some(None) => {
            return Err(ApiError::invalid(
                "/name",
                "a profile needs a name; give a new one or leave the field out",
            ));
        }
        Some(Some(name)) => profile.name = DisplayName::parse(&name).map_err(at("/name"))?,
    }
    if let Some(year) = patch.birth_year {
        profile.birth_year = year.map(birth_year).transpose()?;
    }
    if let Some(sex) = patch.sex {
        profile.sex = sex.map(Into::into);
    }
    if let Some(leg) = patch.leg_length_cm {
        profile.leg_length_cm = leg.map(leg_length).transpose()?;
    }
    if let Some(height) = patch.body_height_cm {
        profile.body_height_cm = height.map(body_height).transpose()?;
    }
    if let Some(keep) = patch.keep_photos {
        profile.keep_photos = keep;
    }
    state.store.update_profile(caller.scope(), &profile).await?;
    Ok(Json(Profile::from(&profile)))
}
