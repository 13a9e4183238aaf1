//! The words of the camera page: its hint on the choice of methods, and every sentence its
//! script (static/camera.js) says, handed to the script in the page's data so they stay here
//! with the rest of the pages' words. A `{name}` in a sentence is filled in by the script.

use serde::Serialize;

/// The camera's way of measuring, on the choice of methods.
pub(crate) const CAMERA_HINT: &str = "print the marker sheet, stick three markers on the side of the body, then record the lift \
     or take two photos";

/// What the script says, by the moment it says it.
#[derive(Serialize)]
pub(crate) struct ScriptWords {
    /// The camera cannot be used on this page, and why; then the photos are offered.
    pub no_https: &'static str,
    pub no_camera_api: &'static str,
    pub camera_refused: &'static str,
    pub no_camera: &'static str,
    pub camera_busy: &'static str,
    pub camera_failed: &'static str,
    pub use_photos: &'static str,
    /// The live preview, before recording.
    pub camera_starting: &'static str,
    pub camera_on: &'static str,
    /// Which of the side's markers the preview sees (`{found}`, `{missing}`: letters).
    pub found_all: &'static str,
    pub found_some: &'static str,
    pub found_none: &'static str,
    pub found_other_side: &'static str,
    pub all_in_view: &'static str,
    /// The recording.
    pub waiting_for_rest: &'static str,
    pub rest_seen: &'static str,
    pub no_rest: &'static str,
    pub checking: &'static str,
    /// A trial stored (`{side}`, `{trial}`, `{rise}`, `{hip}`, `{pelvis}` in degrees).
    pub result: &'static str,
    pub held: &'static str,
    pub next_side: &'static str,
    pub all_done: &'static str,
    /// Both photos were kept with the trial (the profile keeps photos).
    pub photos_kept: &'static str,
    /// The trial is stored, but its photos could not be kept.
    pub photos_not_kept: &'static str,
    /// A trial refused (`{detail}`: the server's sentence, which says what to do).
    pub refused: &'static str,
    pub try_again: &'static str,
    pub not_taken: &'static str,
    pub not_sent: &'static str,
    pub reload: &'static str,
    /// The photos (`{photo}`: "rest photo" or "lift photo").
    pub rest_photo: &'static str,
    pub lift_photo: &'static str,
    pub reading_photo: &'static str,
    pub photo_found: &'static str,
    pub photo_unreadable: &'static str,
    pub photos_checking: &'static str,
    pub take_lift_photo: &'static str,
    pub take_rest_photo: &'static str,
    /// The table's cells.
    pub hurt: &'static str,
    pub struck_out: &'static str,
    pub strike_out: &'static str,
    pub strike_out_label: &'static str,
    pub spread: &'static str,
    pub trial_one: &'static str,
    pub trials_many: &'static str,
    pub left: &'static str,
    pub right: &'static str,
    pub left_title: &'static str,
    pub right_title: &'static str,
    /// The badge above the trial: `{side}` is "Left" or "Right".
    pub side_badge: &'static str,
}

/// Every sentence camera.js says.
pub(crate) const SCRIPT: ScriptWords = ScriptWords {
    no_https: "This page was not opened over HTTPS, so the browser keeps the camera from it \
               (open psoas at its https:// address to record).",
    no_camera_api: "This browser gives web pages no access to the camera.",
    camera_refused: "The camera was not allowed for this page (allow it in the browser's \
                     settings for this site, then reload the page).",
    no_camera: "No camera was found on this device.",
    camera_busy: "The camera is in use by another app; close it and tap Turn on the camera \
                  again.",
    camera_failed: "The camera could not be started.",
    use_photos: "Take two photos below instead.",
    camera_starting: "Starting the camera...",
    camera_on: "Camera on. Stand it at hip height, 1 to 1.5 m from the {side} side of the body, \
                pointing straight at it, then tap Start recording.",
    found_all: "P, H and K in view.",
    found_some: "{found} in view; {missing} not in view.",
    found_none: "None of the {side} side's markers in view.",
    found_other_side: "The other side's markers are in view, not the {side} side's.",
    all_in_view: "All three markers are in view: tap Start recording while the leg rests.",
    waiting_for_rest: "Recording. Keep the leg resting until P, H and K are all in view.",
    rest_seen: "Resting leg seen. Lift the straight leg as high as it goes, hold it there for a \
                few seconds, lower it, then tap Stop and measure.",
    no_rest: "P, H and K were never all in view together, so nothing was measured. Check the \
              markers face the camera and tap Start recording again.",
    checking: "Checking the trial...",
    result: "{side} trial {trial}: {rise}° (hip {hip}°, pelvis {pelvis}°).",
    held: "Held {seconds} s.",
    next_side: "Next: the {side} side. Stick its markers on (tags {tags}), move the camera to \
                face it, then tap Start recording or take the photos.",
    all_done: "All trials are in. Showing the result...",
    photos_kept: "Both photos are kept with the trial.",
    photos_not_kept: "The trial is stored with its markers, but its photos could not be kept.",
    refused: "Not recorded: {detail}",
    try_again: "Try this trial again: tap Start recording, or take both photos again.",
    not_taken: "The server did not take the trial.",
    not_sent: "The trial could not be sent: is the connection down? Try it again.",
    reload: "Reload the page to go on.",
    rest_photo: "Rest photo",
    lift_photo: "Lift photo",
    reading_photo: "{photo}: finding the markers...",
    photo_found: "{photo}: {found}",
    photo_unreadable: "{photo} not readable: {detail}",
    photos_checking: "Both photos are in. Checking the trial...",
    take_lift_photo: "Now the photo at the top of the lift, without moving the phone.",
    take_rest_photo: "Now the photo with the leg resting, without moving the phone.",
    hurt: "hurt",
    struck_out: "struck out: {why}",
    strike_out: "Strike out",
    strike_out_label: "Strike out {side} trial {trial}",
    spread: "{side}: {count}, {low}-{high}°, spread {spread}°.",
    trial_one: "1 trial",
    trials_many: "{n} trials",
    left: "left",
    right: "right",
    left_title: "Left",
    right_title: "Right",
    side_badge: "{side} side",
};

/// The marker sheet's file name, as the download offers it.
pub(crate) const SHEET_FILE_NAME: &str = "psoas-markers.pdf";
