//! Invitation links: how long one works and how one is made, the same for the pages and
//! the API (a practitioner inviting a client, the owner inviting a member or practitioner).

use jiff::{SignedDuration, Timestamp};
use psoas_core::{AccountId, InvitationKind};

use crate::AppState;
use crate::auth::{hash_secret, new_secret, now};

/// How long an invitation link works, in days (as for member invitations).
pub(crate) const INVITATION_DAYS: i64 = 7;

/// An invitation just made.
pub(crate) struct MadeInvitation {
    /// The id to list and withdraw it by.
    pub(crate) id: uuid::Uuid,
    /// The link to send, shown once.
    pub(crate) link: String,
    /// When it stops working.
    pub(crate) expires_at: Timestamp,
}

/// Makes an invitation link of a kind, for `by`; the store refuses kinds the role may not
/// make.
pub(crate) async fn invitation_link(
    state: &AppState,
    by: AccountId,
    kind: InvitationKind,
) -> Result<MadeInvitation, psoas_store::StoreError> {
    let token = new_secret();
    let created = now();
    let expires = created
        .checked_add(SignedDuration::from_hours(24 * INVITATION_DAYS))
        .expect("a week from now is a valid time");
    let id = state
        .store
        .add_invitation_of_kind(&hash_secret(&token), by, kind, created, expires)
        .await?;
    Ok(MadeInvitation {
        id,
        link: format!("{}/signup?token={token}", state.settings.public_url),
        expires_at: expires,
    })
}
