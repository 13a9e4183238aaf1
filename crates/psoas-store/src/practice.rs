//! The [`PracticeStore`] trait: practitioner and client invitations, the links between them,
//! notes and prescriptions. Every rule about who reaches what is kept in the queries
//! themselves (`sql/practice.rs`), so a link that has ended hides the client at once, from
//! every front door.

use async_trait::async_trait;
use jiff::Timestamp;
use psoas_core::practice::{ClientLink, NewNote, Note, Prescribed};
use psoas_core::{AccountId, DisplayName, InvitationKind, Prescription, ProfileId};

use crate::{Scope, StoreResult};

/// An invitation not yet used, expired or withdrawn, as the account that made it sees it:
/// never its link or the link's hash, which are shown once when it is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenInvitation {
    /// The id to withdraw it by.
    pub id: uuid::Uuid,
    /// What it makes of whoever accepts it.
    pub kind: InvitationKind,
    /// When it was made.
    pub created_at: Timestamp,
    /// When it stops working.
    pub expires_at: Timestamp,
}

/// Invitations of a kind, practitioner-client links, notes and prescriptions.
#[async_trait]
pub trait PracticeStore: Send + Sync {
    /// Keeps an invitation of a kind made by an account; `NotAllowed` when the account's role
    /// may not make that kind ([`InvitationKind::may_be_made_by`]), `NotFound` when the
    /// account does not exist. Accepting it ([`crate::AuthStore::accept_invitation`]) gives
    /// the new account the kind's role, and a client kind links it to the maker. Returns the
    /// id to list and withdraw it by.
    async fn add_invitation_of_kind(
        &self,
        token_hash: &str,
        by: AccountId,
        kind: InvitationKind,
        at: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<uuid::Uuid>;
    /// The invitations an account made that are still open at `now`, the newest first.
    async fn open_invitations(
        &self,
        by: AccountId,
        now: Timestamp,
    ) -> StoreResult<Vec<OpenInvitation>>;
    /// Withdraws an open invitation the account made: its link stops working at once.
    /// `NotFound` when the invitation is not the account's, or is used, expired or
    /// withdrawn already.
    async fn withdraw_invitation(
        &self,
        by: AccountId,
        id: uuid::Uuid,
        now: Timestamp,
    ) -> StoreResult<()>;
    /// The kind of an open (unused, unexpired) invitation and the name of who made it.
    async fn open_invitation(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Option<(InvitationKind, DisplayName)>>;

    /// A practitioner's live clients, by name.
    async fn clients(&self, practitioner: AccountId) -> StoreResult<Vec<ClientLink>>;
    /// One live client of a practitioner; `NotFound` when not linked (or never was).
    async fn client(&self, practitioner: AccountId, client: AccountId) -> StoreResult<ClientLink>;
    /// The live link of a client to their practitioner, if any.
    async fn practitioner_of(&self, client: AccountId) -> StoreResult<Option<ClientLink>>;
    /// Ends the live link of a client, asked by the client or by their practitioner;
    /// `NotFound` for anyone else or when there is none. From then on the practitioner's
    /// scope finds nothing of the client, and the prescription no longer applies.
    async fn unlink(&self, by: AccountId, client: AccountId, at: Timestamp) -> StoreResult<()>;

    /// Stores a note by the practitioner of a [`Scope::Practice`] about a profile (and
    /// optionally one of its sessions) of the linked client; other scopes are `NotAllowed`,
    /// a profile or session out of reach is `NotFound`.
    async fn add_note(&self, scope: Scope, note: &NewNote) -> StoreResult<()>;
    /// The notes the scope's practitioner wrote about a profile, oldest first. Notes are the
    /// practitioner's working record: any other scope, the client's own included, is
    /// `NotAllowed`; a profile out of reach is `NotFound`.
    async fn notes(&self, scope: Scope, profile: ProfileId) -> StoreResult<Vec<Note>>;
    /// Every note any practitioner wrote about the profiles of an account, by profile name
    /// then oldest first, with the profile's name: the client's right of access to what is
    /// held about them, whether the practitioner is still linked or not.
    async fn notes_about(&self, client: AccountId) -> StoreResult<Vec<(DisplayName, Note)>>;

    /// Sets (replaces) the prescription of a linked client's profile, in a
    /// [`Scope::Practice`]; other scopes are `NotAllowed`, a profile out of reach `NotFound`.
    async fn set_prescription(
        &self,
        scope: Scope,
        profile: ProfileId,
        prescription: &Prescription,
        at: Timestamp,
    ) -> StoreResult<()>;
    /// The prescription in force for a profile in scope (the client's own, or the
    /// practitioner's view): one set by the client's currently linked practitioner. `None`
    /// when there is none; a profile out of reach is `NotFound`.
    async fn prescription(
        &self,
        scope: Scope,
        profile: ProfileId,
    ) -> StoreResult<Option<Prescribed>>;
}
