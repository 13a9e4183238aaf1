//! The words of the profile form on the home page: the labels its problems name.

pub(crate) const NAME: &str = "Name";
pub(crate) const LEG_LENGTH: &str = "Leg length";
pub(crate) const BODY_HEIGHT: &str = "Body height";
pub(crate) const BIRTH_YEAR: &str = "Year of birth";
pub(crate) const SEX: &str = "Sex";
