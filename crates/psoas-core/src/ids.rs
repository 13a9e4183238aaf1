//! Identifiers of stored things: random UUIDs, so records can move between stores without clashes.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh random identifier.
            pub fn random() -> Self {
                Self(Uuid::new_v4())
            }

            /// The first eight hex digits: enough to tell records apart in a list.
            pub fn short(&self) -> String {
                self.0.simple().to_string()[..8].to_string()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// Identifies a profile (the person being tested).
    ProfileId
);
id_type!(
    /// Identifies one run of the protocol.
    SessionId
);
id_type!(
    /// Identifies one recorded trial.
    MeasurementId
);
id_type!(
    /// Identifies one exercise done (or skipped) in a session.
    ExerciseId
);
id_type!(
    /// Identifies an account of the web app.
    AccountId
);
id_type!(
    /// Identifies a practitioner's note.
    NoteId
);
