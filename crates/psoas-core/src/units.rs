//! Validated physical quantities and the exact conversions between their units.
//!
//! A value of one of these types is always in range: the constructors are the only way in.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::InputError;

/// Newtons in one kilogram-force (standard gravity, exact by definition).
pub const NEWTONS_PER_KGF: f64 = 9.806_65;
/// Newtons in one pound-force (0.453 592 37 kg x standard gravity, exact by definition).
pub const NEWTONS_PER_LBF: f64 = 4.448_221_615_260_5;

fn finite(what: &'static str, value: f64) -> Result<f64, InputError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(InputError::NotUnderstood {
            what,
            got: value.to_string(),
            expected: "give an ordinary number",
        })
    }
}

/// A leg-raise angle: how far the straight leg lifts from the table, 0 to 90 degrees.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Degrees(f64);

impl Degrees {
    /// The largest angle accepted: lying face down, a leg cannot rise past vertical.
    pub const MAX: f64 = 90.0;

    /// Accepts 0 to [`Self::MAX`] degrees.
    pub fn new(value: f64) -> Result<Self, InputError> {
        let value = finite("leg-raise angle", value)?;
        if (0.0..=Self::MAX).contains(&value) {
            Ok(Self(value))
        } else {
            Err(InputError::out_of_range(
                "leg-raise angle",
                0.0,
                Self::MAX,
                " degrees",
                value,
            ))
        }
    }

    /// The angle in degrees.
    pub fn value(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Degrees {
    type Error = InputError;
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Degrees> for f64 {
    fn from(d: Degrees) -> f64 {
        d.0
    }
}

/// A heel height above the table in centimetres, measured with the leg straight.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct HeelHeight(f64);

impl HeelHeight {
    /// The highest heel accepted, in cm; whether the leg can reach it is checked on conversion.
    pub const MAX_CM: f64 = 150.0;

    /// Accepts 0 to [`Self::MAX_CM`].
    pub fn new(value: f64) -> Result<Self, InputError> {
        let value = finite("heel height", value)?;
        if (0.0..=Self::MAX_CM).contains(&value) {
            Ok(Self(value))
        } else {
            Err(InputError::out_of_range(
                "heel height",
                0.0,
                Self::MAX_CM,
                " cm",
                value,
            ))
        }
    }

    /// The height in centimetres.
    pub fn cm(self) -> f64 {
        self.0
    }

    /// The leg-raise angle this height means for a leg of the given length:
    /// the leg is the hypotenuse, the height the opposite side, so angle = asin(height / length).
    pub fn to_angle(self, leg: LegLength) -> Result<Degrees, InputError> {
        if self.0 >= leg.cm() {
            return Err(InputError::Conversion(format!(
                "a heel height of {} cm is not possible with a leg length of {} cm: \
                 the heel cannot rise higher than the leg is long; check both numbers",
                self.0,
                leg.cm()
            )));
        }
        Degrees::new((self.0 / leg.cm()).asin().to_degrees())
    }
}

impl TryFrom<f64> for HeelHeight {
    type Error = InputError;
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<HeelHeight> for f64 {
    fn from(h: HeelHeight) -> f64 {
        h.0
    }
}

/// Leg length in centimetres, from the hip joint (greater trochanter) to the heel.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct LegLength(f64);

impl LegLength {
    /// The shortest leg accepted, in cm: a child of about six.
    pub const MIN_CM: f64 = 40.0;
    /// The longest leg accepted, in cm: a very tall adult.
    pub const MAX_CM: f64 = 130.0;

    /// Accepts [`Self::MIN_CM`] to [`Self::MAX_CM`].
    pub fn new(value: f64) -> Result<Self, InputError> {
        let value = finite("leg length", value)?;
        if (Self::MIN_CM..=Self::MAX_CM).contains(&value) {
            Ok(Self(value))
        } else {
            Err(InputError::out_of_range(
                "leg length",
                Self::MIN_CM,
                Self::MAX_CM,
                " cm",
                value,
            ))
        }
    }

    /// The length in centimetres.
    pub fn cm(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for LegLength {
    type Error = InputError;
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<LegLength> for f64 {
    fn from(l: LegLength) -> f64 {
        l.0
    }
}

/// Leg length (greater trochanter height) as a share of body height: 0.530, from the table of
/// body segment lengths as fractions of height H in Winter, *Biomechanics and Motor Control of
/// Human Movement* (4th ed., 2009, after Drillis & Contini 1966). Used only when a profile has a
/// body height but no measured leg length.
pub const LEG_LENGTH_PER_BODY_HEIGHT: f64 = 0.53;

/// Body height (stature) in centimetres, standing, without shoes.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct BodyHeight(f64);

impl BodyHeight {
    /// The shortest body accepted, in cm: a child of about two.
    pub const MIN_CM: f64 = 80.0;
    /// The tallest body accepted, in cm: the tallest adults.
    pub const MAX_CM: f64 = 240.0;

    /// Accepts [`Self::MIN_CM`] to [`Self::MAX_CM`], a range whose estimated leg length
    /// (x 0.53) stays within the accepted leg lengths.
    pub fn new(value: f64) -> Result<Self, InputError> {
        let value = finite("body height", value)?;
        if (Self::MIN_CM..=Self::MAX_CM).contains(&value) {
            Ok(Self(value))
        } else {
            Err(InputError::out_of_range(
                "body height",
                Self::MIN_CM,
                Self::MAX_CM,
                " cm",
                value,
            ))
        }
    }

    /// The height in centimetres.
    pub fn cm(self) -> f64 {
        self.0
    }

    /// The leg length this height suggests: [`LEG_LENGTH_PER_BODY_HEIGHT`] x height, rounded
    /// to a millimetre. An estimate: people's proportions differ by a few percent.
    pub fn estimated_leg_length(self) -> LegLength {
        let cm = (self.0 * LEG_LENGTH_PER_BODY_HEIGHT * 10.0).round() / 10.0;
        LegLength::new(cm.clamp(LegLength::MIN_CM, LegLength::MAX_CM))
            .expect("clamped into the leg-length range")
    }
}

impl TryFrom<f64> for BodyHeight {
    type Error = InputError;
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<BodyHeight> for f64 {
    fn from(h: BodyHeight) -> f64 {
        h.0
    }
}

/// The leg length a heel height is converted with, and whether it was measured or estimated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LegBasis {
    /// The length used.
    pub length: LegLength,
    /// True when it was estimated from body height rather than measured.
    pub estimated: bool,
}

impl LegBasis {
    /// A measured leg length.
    pub fn measured(length: LegLength) -> Self {
        Self {
            length,
            estimated: false,
        }
    }

    /// A leg length estimated from body height.
    pub fn estimated(height: BodyHeight) -> Self {
        Self {
            length: height.estimated_leg_length(),
            estimated: true,
        }
    }

    /// The measured leg length when there is one, otherwise the estimate from body height.
    pub fn best(leg: Option<LegLength>, height: Option<BodyHeight>) -> Option<Self> {
        leg.map(Self::measured)
            .or_else(|| height.map(Self::estimated))
    }
}

impl From<LegLength> for LegBasis {
    fn from(length: LegLength) -> Self {
        Self::measured(length)
    }
}

/// A manual muscle test grade on the 0-5 (Oxford / MRC) scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Grade(u8);

impl Grade {
    /// The highest grade: full strength against full resistance.
    pub const MAX: u8 = 5;

    /// Accepts whole grades 0 to [`Self::MAX`].
    pub fn new(value: u8) -> Result<Self, InputError> {
        if value <= Self::MAX {
            Ok(Self(value))
        } else {
            Err(InputError::out_of_range(
                "strength grade",
                0.0,
                5.0,
                "",
                value,
            ))
        }
    }

    /// The grade.
    pub fn value(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Grade {
    type Error = InputError;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Grade> for u8 {
    fn from(g: Grade) -> u8 {
        g.0
    }
}

/// The unit a force was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ForceUnit {
    /// Newtons.
    #[serde(rename = "N")]
    Newton,
    /// Kilograms-force, as bathroom and luggage scales show.
    #[serde(rename = "kgf")]
    KilogramForce,
    /// Pounds-force.
    #[serde(rename = "lbf")]
    PoundForce,
}

impl ForceUnit {
    /// The unit's symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            ForceUnit::Newton => "N",
            ForceUnit::KilogramForce => "kgf",
            ForceUnit::PoundForce => "lbf",
        }
    }

    fn spaced_symbol(self) -> &'static str {
        match self {
            ForceUnit::Newton => " N",
            ForceUnit::KilogramForce => " kgf",
            ForceUnit::PoundForce => " lbf",
        }
    }

    /// Newtons in one of this unit.
    pub fn newtons_per_unit(self) -> f64 {
        match self {
            ForceUnit::Newton => 1.0,
            ForceUnit::KilogramForce => NEWTONS_PER_KGF,
            ForceUnit::PoundForce => NEWTONS_PER_LBF,
        }
    }
}

impl FromStr for ForceUnit {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "n" | "newton" | "newtons" => Ok(ForceUnit::Newton),
            "kgf" | "kg" | "kilogram" | "kilograms" | "kp" => Ok(ForceUnit::KilogramForce),
            "lbf" | "lb" | "lbs" | "pound" | "pounds" => Ok(ForceUnit::PoundForce),
            _ => Err(InputError::NotUnderstood {
                what: "force unit",
                got: s.to_string(),
                expected: "use N, kgf or lbf",
            }),
        }
    }
}

/// A force read from a hand-held dynamometer or a scale, kept in the unit it was read in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Force {
    value: f64,
    unit: ForceUnit,
}

impl Force {
    /// The largest force accepted, in newtons; a hip flexor pushes a few hundred.
    pub const MAX_NEWTONS: f64 = 2000.0;

    /// Accepts 0 to [`Self::MAX_NEWTONS`] (or the same in kgf or lbf).
    pub fn new(value: f64, unit: ForceUnit) -> Result<Self, InputError> {
        let value = finite("force", value)?;
        let max = Self::MAX_NEWTONS / unit.newtons_per_unit();
        if (0.0..=max).contains(&value) {
            Ok(Self { value, unit })
        } else {
            let max = (max * 10.0).round() / 10.0;
            Err(InputError::out_of_range(
                "force",
                0.0,
                max,
                unit.spaced_symbol(),
                value,
            ))
        }
    }

    /// The value as read.
    pub fn value(self) -> f64 {
        self.value
    }

    /// The unit it was read in.
    pub fn unit(self) -> ForceUnit {
        self.unit
    }

    /// The force in newtons.
    pub fn newtons(self) -> f64 {
        self.value * self.unit.newtons_per_unit()
    }

    /// The same force expressed in another unit.
    pub fn in_unit(self, unit: ForceUnit) -> f64 {
        self.newtons() / unit.newtons_per_unit()
    }
}

/// The outcome of a make-or-break strength test: the helper pushes, the knee holds or gives way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HoldResult {
    /// The knee stayed where it was.
    Held,
    /// The knee was pushed away.
    GaveWay,
}

impl fmt::Display for HoldResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HoldResult::Held => "held",
            HoldResult::GaveWay => "gave way",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn heel_height_half_the_leg_is_thirty_degrees() {
        let leg = LegLength::new(90.0).unwrap();
        let angle = HeelHeight::new(45.0).unwrap().to_angle(leg).unwrap();
        assert!((angle.value() - 30.0).abs() < 1e-9, "{angle:?}");
    }

    #[test]
    fn heel_height_equal_to_leg_length_is_refused() {
        let leg = LegLength::new(80.0).unwrap();
        let err = HeelHeight::new(80.0).unwrap().to_angle(leg).unwrap_err();
        assert!(err.to_string().contains("cannot rise higher"), "{err}");
    }

    #[test]
    fn angles_outside_zero_to_ninety_are_refused() {
        assert!(Degrees::new(-0.1).is_err());
        assert!(Degrees::new(90.1).is_err());
        assert!(Degrees::new(f64::NAN).is_err());
        assert_eq!(
            Degrees::new(91.0).unwrap_err().to_string(),
            "leg-raise angle must be between 0 and 90 degrees, got 91"
        );
    }

    #[test]
    fn body_height_estimates_the_leg_length_with_winters_ratio() {
        let height = BodyHeight::new(170.0).unwrap();
        assert!((height.estimated_leg_length().cm() - 90.1).abs() < 1e-9);
        assert!(BodyHeight::new(79.9).is_err());
        assert!(BodyHeight::new(240.1).is_err());
        assert_eq!(
            BodyHeight::new(300.0).unwrap_err().to_string(),
            "body height must be between 80 and 240 cm, got 300"
        );
        for cm in [80.0, 240.0] {
            let leg = BodyHeight::new(cm).unwrap().estimated_leg_length();
            assert!((leg.cm() - cm * LEG_LENGTH_PER_BODY_HEIGHT).abs() < 0.05);
        }
    }

    #[test]
    fn a_measured_leg_length_wins_over_the_estimate() {
        let leg = LegLength::new(95.0).unwrap();
        let height = BodyHeight::new(170.0).unwrap();
        assert_eq!(
            LegBasis::best(Some(leg), Some(height)),
            Some(LegBasis::measured(leg))
        );
        let estimated = LegBasis::best(None, Some(height)).unwrap();
        assert!(estimated.estimated);
        assert_eq!(LegBasis::best(None, None), None);
    }

    #[test]
    fn grades_above_five_are_refused() {
        assert!(Grade::new(5).is_ok());
        assert!(Grade::new(6).is_err());
    }

    #[test]
    fn force_units_convert_exactly() {
        let kgf = Force::new(1.0, ForceUnit::KilogramForce).unwrap();
        assert_eq!(kgf.newtons(), 9.806_65);
        let ten = Force::new(10.0, ForceUnit::KilogramForce).unwrap();
        assert!((ten.newtons() - 98.066_5).abs() < 1e-12);
        let lbf = Force::new(1.0, ForceUnit::PoundForce).unwrap();
        assert_eq!(lbf.newtons(), 4.448_221_615_260_5);
        let too_much = Force::new(250.0, ForceUnit::KilogramForce).unwrap_err();
        assert_eq!(
            too_much.to_string(),
            "force must be between 0 and 203.9 kgf, got 250"
        );
    }

    proptest! {
        #[test]
        fn heel_height_angle_round_trips(leg in 40.0f64..130.0, fraction in 0.0f64..0.999) {
            let leg = LegLength::new(leg).unwrap();
            let height = HeelHeight::new(leg.cm() * fraction).unwrap();
            let angle = height.to_angle(leg).unwrap();
            let back = angle.value().to_radians().sin() * leg.cm();
            prop_assert!((back - height.cm()).abs() < 1e-9);
            prop_assert!(angle.value() < 90.0);
        }

        #[test]
        fn higher_heel_means_larger_angle(leg in 40.0f64..130.0, a in 0.0f64..0.99, b in 0.0f64..0.99) {
            let leg = LegLength::new(leg).unwrap();
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let lo = HeelHeight::new(leg.cm() * lo).unwrap().to_angle(leg).unwrap();
            let hi = HeelHeight::new(leg.cm() * hi).unwrap().to_angle(leg).unwrap();
            prop_assert!(lo.value() <= hi.value());
        }

        #[test]
        fn force_survives_a_trip_through_every_unit(newtons in 0.0f64..2000.0) {
            let force = Force::new(newtons, ForceUnit::Newton).unwrap();
            for unit in [ForceUnit::KilogramForce, ForceUnit::PoundForce] {
                let there = Force::new(force.in_unit(unit), unit).unwrap();
                prop_assert!((there.newtons() - newtons).abs() < 1e-9 * newtons.max(1.0));
            }
        }
    }
}
