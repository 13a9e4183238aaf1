//! The camera's photos, kept beside a camera trial's markers only where the profile's owner
//! turned keeping photos on; and gone again, all of a profile's, when it is turned off.

use psoas_core::camera::{KeptPhoto, Picture};
use psoas_core::{MeasurementId, ProfileId, SessionId};

use super::{Conn, Db, VISIBLE, args, first, scoped};
use crate::columns;
use crate::keys::{measurement_not_found, writable};
use crate::transfer::Value;
use crate::{Scope, StoreError, StoreResult};

/// The refusal for a profile that does not keep photos.
fn not_kept() -> StoreError {
    StoreError::Conflict(
        "this profile does not keep the camera's photos (only the markers are kept); its owner \
         can turn keeping photos on in the profile first"
            .to_string(),
    )
}

pub(super) async fn keep_photo(
    db: &dyn Db,
    scope: Scope,
    session: SessionId,
    measurement: MeasurementId,
    photo: &KeptPhoto,
) -> StoreResult<()> {
    writable(scope)?;
    let sql = format!(
        "INSERT INTO camera_photos (measurement_id, picture, media_type, data) \
         SELECT c.measurement_id, $8, $9, $10 FROM camera_markers c \
         JOIN measurements m ON m.id = c.measurement_id \
         JOIN sessions s ON s.id = m.session_id JOIN profiles p ON p.id = s.profile_id \
         WHERE c.measurement_id = $6 AND m.session_id = $7 AND p.keep_photos AND {VISIBLE} \
         ON CONFLICT (measurement_id, picture) \
         DO UPDATE SET media_type = excluded.media_type, data = excluded.data"
    );
    let values = scoped(
        scope,
        args![
            measurement,
            session,
            photo.picture.as_str(),
            photo.media_type.as_str(),
            columns::photo_data(&photo.bytes),
        ],
    );
    if db.writer().await?.run(&sql, &values).await? == 1 {
        return Ok(());
    }
    // Nothing written: say why, from what the scope can see.
    let sql = format!(
        "SELECT p.keep_photos, c.measurement_id AS camera FROM measurements m \
         JOIN sessions s ON s.id = m.session_id JOIN profiles p ON p.id = s.profile_id \
         LEFT JOIN camera_markers c ON c.measurement_id = m.id \
         WHERE m.id = $6 AND m.session_id = $7 AND {VISIBLE}"
    );
    let rows = db
        .read()
        .await?
        .rows(&sql, &scoped(scope, args![measurement, session]))
        .await?;
    match first(rows) {
        Some(row) if row.text("camera")?.is_some() => Err(not_kept()),
        Some(_) => Err(StoreError::NotFound {
            what: "camera trial",
            key: measurement.to_string(),
            hint: "only trials measured by the camera with printed markers have photos",
        }),
        None => Err(measurement_not_found(measurement)),
    }
}

pub(super) async fn photo(
    db: &dyn Db,
    scope: Scope,
    session: SessionId,
    measurement: MeasurementId,
    picture: Picture,
) -> StoreResult<Option<KeptPhoto>> {
    let sql = format!(
        "SELECT f.media_type, f.data FROM measurements m \
         JOIN sessions s ON s.id = m.session_id JOIN profiles p ON p.id = s.profile_id \
         LEFT JOIN camera_photos f ON f.measurement_id = m.id AND f.picture = $8 \
         WHERE m.id = $6 AND m.session_id = $7 AND {VISIBLE}"
    );
    let rows = db
        .read()
        .await?
        .rows(
            &sql,
            &scoped(scope, args![measurement, session, picture.as_str()]),
        )
        .await?;
    let Some(row) = first(rows) else {
        return Err(measurement_not_found(measurement));
    };
    match (row.text("media_type")?, row.text("data")?) {
        (Some(media_type), Some(data)) => Ok(Some(columns::kept_photo(
            picture,
            &media_type,
            &data,
            measurement,
        )?)),
        _ => Ok(None),
    }
}

/// The kept photos of some sessions' trials (a JSON array of ids), in trial order.
pub(super) async fn photos_of(
    db: &dyn Db,
    scope: Scope,
    session_ids: Value,
) -> StoreResult<Vec<(MeasurementId, KeptPhoto)>> {
    let sql = format!(
        "SELECT f.measurement_id, f.picture, f.media_type, f.data FROM camera_photos f \
         JOIN measurements m ON m.id = f.measurement_id \
         JOIN sessions s ON s.id = m.session_id JOIN profiles p ON p.id = s.profile_id \
         WHERE {VISIBLE} AND {} ORDER BY m.taken_at, m.id, f.picture DESC",
        db.dialect().in_ids
    );
    let rows = db
        .read()
        .await?
        .rows(&sql, &scoped(scope, [session_ids]))
        .await?;
    rows.iter()
        .map(|row| {
            let id = columns::text(&**row, "measurement_id")?;
            let id = MeasurementId(id.parse().map_err(columns::corrupt)?);
            let picture = columns::text(&**row, "picture")?
                .parse()
                .map_err(columns::corrupt)?;
            let photo = columns::kept_photo(
                picture,
                &columns::text(&**row, "media_type")?,
                &columns::text(&**row, "data")?,
                id,
            )?;
            Ok((id, photo))
        })
        .collect()
}

/// Inserts an imported photo, where the trial's profile keeps photos; returns whether it did.
pub(super) async fn insert_imported(
    conn: &mut dyn Conn,
    measurement: MeasurementId,
    photo: &KeptPhoto,
) -> StoreResult<bool> {
    let written = conn
        .run(
            "INSERT INTO camera_photos (measurement_id, picture, media_type, data) \
             SELECT c.measurement_id, $2, $3, $4 FROM camera_markers c \
             JOIN measurements m ON m.id = c.measurement_id \
             JOIN sessions s ON s.id = m.session_id JOIN profiles p ON p.id = s.profile_id \
             WHERE c.measurement_id = $1 AND p.keep_photos \
             ON CONFLICT (measurement_id, picture) DO NOTHING",
            &args![
                measurement,
                photo.picture.as_str(),
                photo.media_type.as_str(),
                columns::photo_data(&photo.bytes),
            ],
        )
        .await?;
    Ok(written == 1)
}

/// Deletes every kept photo of a profile's trials: keeping photos was turned off.
pub(super) async fn forget_photos(conn: &mut dyn Conn, profile: ProfileId) -> StoreResult<()> {
    conn.run(
        "DELETE FROM camera_photos WHERE measurement_id IN (SELECT m.id FROM measurements m \
         JOIN sessions s ON s.id = m.session_id WHERE s.profile_id = $1)",
        &args![profile],
    )
    .await?;
    Ok(())
}
