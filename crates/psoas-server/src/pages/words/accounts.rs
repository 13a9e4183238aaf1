//! The words of accounts: creating one, signing in, the account page, settings, reset links
//! and invitations.

/// The new-account page's heading, for the owner's set-up link.
pub(crate) const SETUP_HEADING: &str = "Create the owner account";
/// The new-account page's heading, for an invitation.
pub(crate) const SIGNUP_HEADING: &str = "Create your account";
/// What the owner account is.
pub(crate) const SETUP_INTRO: &str = "This account owns this psoas server. It can invite \
     others, and it also sees the profiles made with the psoas terminal tool on the same \
     database.";
/// What an invited account is.
pub(crate) const SIGNUP_INTRO: &str =
    "You were invited to this psoas server. Your profiles and results are yours alone.";
/// A set-up link that no longer works.
pub(crate) const SETUP_LINK_GONE: &str = "This set-up link is unknown, already used, or more \
     than a day old. Restart `psoas serve` to print a new one if no owner account exists yet.";
/// An invitation link that no longer works, on the sign-up page.
pub(crate) const INVITATION_LINK_GONE: &str =
    "This invitation link is unknown, used or expired. Ask for a new one.";
/// A blank name on the new-account form.
pub(crate) const ENTER_YOUR_NAME: &str =
    "Enter your name, as the others on this server will see it.";
/// An invitation that cannot make this account (the address has one already, unsaid).
pub(crate) const INVITATION_REFUSED: &str = "This invitation cannot be used with these \
     details. If you already have an account on this server, sign in instead; otherwise ask \
     for a new invitation.";
/// A failed sign-in, the same whichever part was wrong.
pub(crate) const SIGN_IN_WRONG: &str = "The e-mail address or the password is wrong.";
/// A member asking for a reset link.
pub(crate) const ONLY_OWNER_RESETS: &str = "Only the owner account can make password reset links.";
/// A reset link asked for an account not listed.
pub(crate) const CHOOSE_LISTED_ACCOUNT: &str =
    "Choose one of the accounts listed on the Settings page.";
/// A member asking to invite.
pub(crate) const ONLY_OWNER_INVITES: &str = "Only the owner account can invite people.";
/// A token name blank or too long.
pub(crate) const TOKEN_NAME: &str =
    "Give the token a name of 1 to 80 characters, so you know later what uses it.";
/// A reset link that no longer works.
pub(crate) const RESET_LINK_GONE: &str =
    "This reset link is unknown, used or expired. Ask the owner of this server for a new one.";
/// After ending one sign-in.
pub(crate) const SIGN_IN_ENDED: &str = "That sign-in has ended: the device is signed out.";
/// Ending a sign-in that had ended.
pub(crate) const SIGN_IN_GONE: &str =
    "That sign-in has already ended. Your account page lists the ones still going.";
/// A wrong current password on the password form.
pub(crate) const CURRENT_PASSWORD_WRONG: &str =
    "The current password is wrong. Type the password you signed in with.";

/// After signing out everywhere else.
pub(crate) fn signed_out_elsewhere(ended: u64) -> String {
    match ended {
        0 => "You were signed in nowhere else.".to_string(),
        1 => "You are signed out on your one other device.".to_string(),
        n => format!("You are signed out on your {n} other devices."),
    }
}

/// After a password change, which ends the other sign-ins.
pub(crate) fn password_changed(ended: u64) -> String {
    match ended {
        0 => "Your password is changed.".to_string(),
        1 => "Your password is changed, and your one other sign-in has ended.".to_string(),
        n => format!("Your password is changed, and your {n} other sign-ins have ended."),
    }
}

/// After withdrawing an invitation.
pub(crate) const INVITATION_WITHDRAWN: &str = "The invitation was withdrawn: its link no \
     longer works. Make a new one if you still want to invite that person.";
/// Withdrawing an invitation that had ended.
pub(crate) const INVITATION_GONE: &str = "This invitation is used, expired or withdrawn \
     already, so there is nothing to withdraw. Your open invitations are listed on the \
     Settings and Clients pages.";

/// The labels the new-account form's problems use.
pub(crate) const YOUR_NAME: &str = "Your name";
pub(crate) const E_MAIL: &str = "E-mail";
