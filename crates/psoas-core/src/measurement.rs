//! Measurements: one trial of one test on one side, with its value, unit, method and time.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::units::{Degrees, Force, ForceUnit, Grade, HeelHeight, HoldResult, LegBasis, LegLength};
use crate::voiding::TrialVoid;
use crate::{InputError, MeasurementId, Side};

/// The two tests of the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Test {
    /// Face down, straight leg lifted: finds the tight side.
    LegRaise,
    /// Face up, knee pulled to the chest against the helper's push: finds the weak side.
    Strength,
}

impl Test {
    /// Name used in files, JSON and commands.
    pub fn as_str(self) -> &'static str {
        match self {
            Test::LegRaise => "leg_raise",
            Test::Strength => "strength",
        }
    }

    /// Name for people.
    pub fn title(self) -> &'static str {
        match self {
            Test::LegRaise => "leg-raise (tightness) test",
            Test::Strength => "strength test",
        }
    }
}

impl fmt::Display for Test {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Test {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "leg_raise" | "legraise" | "tightness" | "raise" => Ok(Test::LegRaise),
            "strength" | "weakness" => Ok(Test::Strength),
            _ => Err(InputError::NotUnderstood {
                what: "test",
                got: s.to_string(),
                expected: "use 'leg-raise' or 'strength'",
            }),
        }
    }
}

/// When in the session a measurement was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Before any exercise.
    Baseline,
    /// After the stretch, before any strengthening.
    AfterStretch,
    /// After the strengthening exercise.
    AfterStrengthening,
}

impl Phase {
    /// All phases in the order they happen.
    pub const ALL: [Phase; 3] = [
        Phase::Baseline,
        Phase::AfterStretch,
        Phase::AfterStrengthening,
    ];

    /// Name used in files, JSON and commands.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Baseline => "baseline",
            Phase::AfterStretch => "after_stretch",
            Phase::AfterStrengthening => "after_strengthening",
        }
    }

    /// Name for people.
    pub fn title(self) -> &'static str {
        match self {
            Phase::Baseline => "before exercises",
            Phase::AfterStretch => "after the stretch",
            Phase::AfterStrengthening => "after strengthening",
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Phase {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "baseline" | "before" => Ok(Phase::Baseline),
            "after_stretch" => Ok(Phase::AfterStretch),
            "after_strengthening" | "after_strengthen" | "after" | "retest" => {
                Ok(Phase::AfterStrengthening)
            }
            _ => Err(InputError::NotUnderstood {
                what: "phase",
                got: s.to_string(),
                expected: "use 'baseline', 'after-stretch' or 'after-strengthening'",
            }),
        }
    }
}

/// How a measurement was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The helper judged by eye.
    Eyeballed,
    /// A goniometer (protractor with arms) lined up with the thigh.
    Goniometer,
    /// An inclinometer, or a phone's inclinometer app, on the back of the thigh.
    Inclinometer,
    /// The phone's own motion sensors through the web app's inclinometer page.
    PhoneInclinometer,
    /// A camera's rest and lift photos of three printed markers on the side of the body
    /// ([`crate::camera`]): the rise, with the hip's and the pelvis's parts.
    CameraMarkers,
    /// A tape measure from the table to the heel.
    TapeMeasure,
    /// A hand-held dynamometer or a scale pressed against the knee.
    Dynamometer,
    /// The helper's feel while pushing against the knee.
    HelpersFeel,
}

impl Method {
    /// All methods, in the order menus show them.
    pub const ALL: [Method; 8] = [
        Method::Eyeballed,
        Method::Goniometer,
        Method::Inclinometer,
        Method::PhoneInclinometer,
        Method::CameraMarkers,
        Method::TapeMeasure,
        Method::Dynamometer,
        Method::HelpersFeel,
    ];

    /// Name used in files, JSON and commands.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Eyeballed => "eyeballed",
            Method::Goniometer => "goniometer",
            Method::Inclinometer => "inclinometer",
            Method::PhoneInclinometer => "phone_inclinometer",
            Method::CameraMarkers => "camera_markers",
            Method::TapeMeasure => "tape_measure",
            Method::Dynamometer => "dynamometer",
            Method::HelpersFeel => "helpers_feel",
        }
    }

    /// Name for people.
    pub fn title(self) -> &'static str {
        match self {
            Method::Eyeballed => "judged by eye",
            Method::Goniometer => "goniometer",
            Method::Inclinometer => "inclinometer (or phone app)",
            Method::PhoneInclinometer => "this phone on the thigh",
            Method::CameraMarkers => "this camera with printed markers",
            Method::TapeMeasure => "tape measure (heel height)",
            Method::Dynamometer => "dynamometer or scale",
            Method::HelpersFeel => "helper's feel",
        }
    }

    /// What to type for a trial with this method, for a field's label or a prompt: "angle in
    /// degrees", "heel height in cm", "grade 0-5, or held / gave way", ...
    pub fn entry_hint(self, test: Test) -> &'static str {
        match (test, self) {
            (Test::LegRaise, Method::TapeMeasure) => "heel height in cm",
            (Test::LegRaise, Method::Eyeballed) => {
                "angle in degrees, or a heel height such as 20 cm"
            }
            (Test::LegRaise, _) => "angle in degrees",
            (Test::Strength, Method::Dynamometer) => "force, e.g. 150 N, 15 kgf or 33 lbf",
            (Test::Strength, _) => "grade 0-5, or held / gave way",
        }
    }

    /// What would be accepted for a trial with this method, as the end of an error message.
    pub fn expected(self, test: Test) -> &'static str {
        match (test, self) {
            (Test::LegRaise, Method::TapeMeasure) => {
                "give the heel's height above the table in cm, like '20' or '20 cm'"
            }
            (Test::LegRaise, Method::Eyeballed) => {
                "give an angle like '35' or '35 deg', or a heel height like '20 cm'"
            }
            (Test::LegRaise, _) => "give an angle like '35' or '35 deg'",
            (Test::Strength, Method::Dynamometer) => {
                "give a force like '150 N', '15 kgf' or '33 lbf'"
            }
            (Test::Strength, _) => "give a grade 0-5 like '4', or 'held' / 'gave way'",
        }
    }

    /// The methods that suit a test.
    pub fn for_test(test: Test) -> &'static [Method] {
        match test {
            Test::LegRaise => &[
                Method::Eyeballed,
                Method::Goniometer,
                Method::Inclinometer,
                Method::PhoneInclinometer,
                Method::CameraMarkers,
                Method::TapeMeasure,
            ],
            Test::Strength => &[Method::HelpersFeel, Method::Dynamometer],
        }
    }

    /// The method a typed value implies when none is named: its unit decides ("20 cm" is a
    /// tape measure, "150 N" a dynamometer); otherwise a goniometer for angles and the
    /// helper's feel for strength.
    pub fn implied_by(test: Test, value: &str) -> Method {
        let unit = value
            .trim()
            .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
            .trim()
            .to_ascii_lowercase();
        match test {
            Test::LegRaise if unit == "cm" => Method::TapeMeasure,
            Test::LegRaise => Method::Goniometer,
            Test::Strength if ForceUnit::from_str(&unit).is_ok() => Method::Dynamometer,
            Test::Strength => Method::HelpersFeel,
        }
    }

    /// The methods whose values a person reads off and types in (the phone inclinometer and
    /// the camera measure their trials themselves).
    pub fn typed_for(test: Test) -> impl Iterator<Item = Method> {
        Method::for_test(test)
            .iter()
            .copied()
            .filter(|m| !m.measures_itself())
    }

    /// Whether the trial's value comes from the product's own analysis of what the device
    /// recorded (the phone's readings, the camera's photos) rather than typed by a person.
    pub fn measures_itself(self) -> bool {
        matches!(self, Method::PhoneInclinometer | Method::CameraMarkers)
    }

    /// The unit a bare number means with this method.
    pub fn default_unit(self) -> &'static str {
        match self {
            Method::TapeMeasure => "cm",
            Method::Dynamometer => "N",
            Method::HelpersFeel => "grade",
            Method::Eyeballed
            | Method::Goniometer
            | Method::Inclinometer
            | Method::PhoneInclinometer
            | Method::CameraMarkers => "deg",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Method {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['-', ' '], "_")
            .as_str()
        {
            "eyeballed" | "eye" | "eyeball" => Ok(Method::Eyeballed),
            "goniometer" => Ok(Method::Goniometer),
            "inclinometer" => Ok(Method::Inclinometer),
            "phone_inclinometer" | "phone" => Ok(Method::PhoneInclinometer),
            "camera_markers" | "camera" => Ok(Method::CameraMarkers),
            "tape_measure" | "tape" => Ok(Method::TapeMeasure),
            "dynamometer" | "scale" => Ok(Method::Dynamometer),
            "helpers_feel" | "helper's_feel" | "feel" | "manual" => Ok(Method::HelpersFeel),
            _ => Err(InputError::NotUnderstood {
                what: "method",
                got: s.to_string(),
                expected: "use eyeballed, goniometer, inclinometer, phone-inclinometer, camera-markers, tape-measure, dynamometer or helpers-feel",
            }),
        }
    }
}

/// The value a trial produced, in the unit it was read in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reading {
    /// A leg-raise angle read directly.
    Angle {
        /// The angle.
        degrees: Degrees,
    },
    /// A heel height, with the leg length used to turn it into an angle at the time.
    HeelHeight {
        /// Height of the heel above the table.
        cm: HeelHeight,
        /// Leg length used for the conversion, kept so later profile edits do not rewrite history.
        leg_length_cm: LegLength,
        /// The angle it converts to.
        degrees: Degrees,
        /// True when the leg length was estimated from body height instead of measured.
        #[serde(default)]
        leg_length_estimated: bool,
    },
    /// A manual muscle test grade.
    Grade {
        /// The grade 0-5.
        grade: Grade,
    },
    /// A force from a dynamometer or scale.
    Force {
        /// The force as read.
        force: Force,
    },
    /// Held or gave way.
    Hold {
        /// What happened.
        result: HoldResult,
    },
}

impl Reading {
    /// A heel height converted with the given (measured) leg length; refused without one.
    pub fn heel_height(height: HeelHeight, leg: Option<LegLength>) -> Result<Self, InputError> {
        Self::heel_height_with(height, leg.map(LegBasis::measured))
    }

    /// A heel height converted with a measured or estimated leg length; refused without one.
    pub fn heel_height_with(height: HeelHeight, leg: Option<LegBasis>) -> Result<Self, InputError> {
        let leg = leg.ok_or_else(|| {
            InputError::Conversion(
                "a heel height needs the subject's leg length to become an angle; \
                 add it to the profile (hip bone to heel, in cm, or the body height to estimate \
                 it from) or give the angle in degrees"
                    .to_string(),
            )
        })?;
        Ok(Reading::HeelHeight {
            cm: height,
            leg_length_cm: leg.length,
            degrees: height.to_angle(leg.length)?,
            leg_length_estimated: leg.estimated,
        })
    }

    /// True for a heel height converted with a leg length estimated from body height.
    pub fn leg_length_estimated(&self) -> bool {
        matches!(
            self,
            Reading::HeelHeight {
                leg_length_estimated: true,
                ..
            }
        )
    }

    /// Which test this reading belongs to.
    pub fn test(&self) -> Test {
        match self {
            Reading::Angle { .. } | Reading::HeelHeight { .. } => Test::LegRaise,
            Reading::Grade { .. } | Reading::Force { .. } | Reading::Hold { .. } => Test::Strength,
        }
    }

    /// The leg-raise angle, for leg-raise readings.
    pub fn degrees(&self) -> Option<f64> {
        match self {
            Reading::Angle { degrees } | Reading::HeelHeight { degrees, .. } => {
                Some(degrees.value())
            }
            _ => None,
        }
    }

    fn kind_title(&self) -> &'static str {
        match self {
            Reading::Angle { .. } => "an angle",
            Reading::HeelHeight { .. } => "a heel height",
            Reading::Grade { .. } => "a strength grade",
            Reading::Force { .. } => "a force",
            Reading::Hold { .. } => "held / gave way",
        }
    }

    /// Refuses a reading that the method cannot produce.
    pub fn check_method(&self, method: Method) -> Result<(), InputError> {
        use Method::*;
        let fits = match self {
            Reading::Angle { .. } => {
                matches!(
                    method,
                    Eyeballed | Goniometer | Inclinometer | PhoneInclinometer | CameraMarkers
                )
            }
            Reading::HeelHeight { .. } => matches!(method, Eyeballed | TapeMeasure),
            Reading::Grade { .. } | Reading::Hold { .. } => matches!(method, HelpersFeel),
            Reading::Force { .. } => matches!(method, Dynamometer),
        };
        if fits {
            return Ok(());
        }
        Err(InputError::MethodMismatch {
            method: method.title(),
            reading: self.kind_title(),
            fits: match self {
                Reading::Angle { .. } => {
                    "an angle needs a goniometer, an inclinometer or the phone"
                }
                Reading::HeelHeight { .. } => "a heel height needs a tape measure",
                Reading::Grade { .. } | Reading::Hold { .. } => {
                    "grades and held / gave way come from the helper's feel"
                }
                Reading::Force { .. } => "a force needs a dynamometer or scale",
            },
            hint: method.expected(self.test()),
        })
    }

    /// Reads what a person typed for a test: "35", "35 deg", "12 cm", "4", "4/5", "150 N",
    /// "12 kgf", "held", "gave way". A bare number takes the method's unit; heel heights
    /// convert with the given measured leg length.
    pub fn parse(
        text: &str,
        test: Test,
        method: Method,
        leg: Option<LegLength>,
    ) -> Result<Self, InputError> {
        Self::parse_with(text, test, method, leg.map(LegBasis::measured))
    }

    /// As [`Reading::parse`], with a leg length that may be estimated from body height
    /// (see [`crate::Profile::leg_basis`]); a heel height converted with an estimate says so.
    pub fn parse_with(
        text: &str,
        test: Test,
        method: Method,
        leg: Option<LegBasis>,
    ) -> Result<Self, InputError> {
        if method == Method::CameraMarkers {
            return Err(InputError::Protocol(
                "a trial measured with the camera takes its value from the markers in its rest \
                 and lift photos, not from a typed number; measure it with the camera, or \
                 choose another way to measure"
                    .to_string(),
            ));
        }
        let cleaned = text.trim().to_ascii_lowercase();
        let (number, unit) = split_number(&cleaned);
        let expected = method.expected(test);
        let not_understood = || InputError::NotUnderstood {
            what: match test {
                Test::LegRaise => "leg raise",
                Test::Strength => "strength",
            },
            got: text.trim().to_string(),
            expected,
        };
        let reading = match (test, number) {
            (Test::Strength, None) => match cleaned.replace(['-', '_'], " ").as_str() {
                "held" | "hold" | "h" => Reading::Hold {
                    result: HoldResult::Held,
                },
                "gave way" | "gave" | "give" | "gives way" | "g" | "gw" => Reading::Hold {
                    result: HoldResult::GaveWay,
                },
                _ => return Err(not_understood()),
            },
            (_, None) => return Err(not_understood()),
            (_, Some(value)) => {
                let unit = if unit.is_empty() {
                    method.default_unit()
                } else {
                    unit
                };
                match (test, unit) {
                    (Test::LegRaise, "deg" | "degrees" | "degree" | "°") => Reading::Angle {
                        degrees: Degrees::new(value)?,
                    },
                    (Test::LegRaise, "cm") => {
                        Reading::heel_height_with(HeelHeight::new(value)?, leg)?
                    }
                    (Test::Strength, "grade" | "/5") => Reading::Grade {
                        grade: grade_from(value)?,
                    },
                    (Test::Strength, unit) => match ForceUnit::from_str(unit) {
                        Ok(unit) => Reading::Force {
                            force: Force::new(value, unit)?,
                        },
                        Err(_) => return Err(not_understood()),
                    },
                    _ => return Err(not_understood()),
                }
            }
        };
        reading.check_method(method)?;
        Ok(reading)
    }
}

fn grade_from(value: f64) -> Result<Grade, InputError> {
    if value.fract() != 0.0 || !(0.0..=5.0).contains(&value) {
        return Err(InputError::out_of_range(
            "strength grade",
            0.0,
            5.0,
            " (whole numbers)",
            value,
        ));
    }
    Grade::new(value as u8)
}

/// Splits "35.5 deg" into (35.5, "deg"); a text that does not start with a number gives None.
fn split_number(text: &str) -> (Option<f64>, &str) {
    let end = text
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+'))))
        .map_or(text.len(), |(i, _)| i);
    match text[..end].parse::<f64>() {
        Ok(value) => (Some(value), text[end..].trim()),
        Err(_) => (None, text),
    }
}

impl fmt::Display for Reading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reading::Angle { degrees } => write!(f, "{:.1}°", degrees.value()),
            Reading::HeelHeight {
                cm,
                degrees,
                leg_length_estimated,
                ..
            } => {
                write!(f, "{:.1} cm ({:.1}°", cm.cm(), degrees.value())?;
                if *leg_length_estimated {
                    f.write_str(", leg length estimated from body height")?;
                }
                f.write_str(")")
            }
            Reading::Grade { grade } => write!(f, "grade {}/5", grade.value()),
            Reading::Force { force } => write!(f, "{} {}", force.value(), force.unit().symbol()),
            Reading::Hold { result } => write!(f, "{result}"),
        }
    }
}

/// One trial of one test on one side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    /// Its identifier.
    pub id: MeasurementId,
    /// When in the session it was taken.
    pub phase: Phase,
    /// Which test.
    pub test: Test,
    /// Which side.
    pub side: Side,
    /// Trial number on that side in that phase, from 1.
    pub trial: u16,
    /// How it was taken.
    pub method: Method,
    /// The value; absent only when pain stopped the trial before a value was read.
    pub reading: Option<Reading>,
    /// Whether the subject felt pain during the trial; pain ends the test.
    pub hurt: bool,
    /// When it was taken.
    pub taken_at: Timestamp,
    /// Set when the trial was struck out: it stays stored but counts for nothing. Absent from
    /// JSON for a trial that counts, so files written before trials could be struck out and
    /// files written now read the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub void: Option<TrialVoid>,
    /// Set when the value was unusual (beyond what a body does, or far from the side's other
    /// trials) and the person said it is right: kept, and flagged where trials are listed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub confirmed_unusual: bool,
}

/// The highest trial number accepted per side and phase.
pub const MAX_TRIALS: u16 = 20;

impl Measurement {
    /// Builds a measurement, refusing one whose parts do not fit together.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        phase: Phase,
        test: Test,
        side: Side,
        trial: u16,
        method: Method,
        reading: Option<Reading>,
        hurt: bool,
        taken_at: Timestamp,
    ) -> Result<Self, InputError> {
        if !(1..=MAX_TRIALS).contains(&trial) {
            return Err(InputError::out_of_range(
                "trial number",
                1.0,
                f64::from(MAX_TRIALS),
                "",
                trial,
            ));
        }
        if !Method::for_test(test).contains(&method) {
            return Err(InputError::MethodMismatch {
                method: method.title(),
                reading: test.title(),
                fits: match test {
                    Test::LegRaise => "it measures strength",
                    Test::Strength => "it measures the leg raise",
                },
                hint: match test {
                    Test::LegRaise => {
                        "use eyeballed, goniometer, inclinometer, phone-inclinometer or tape-measure"
                    }
                    Test::Strength => "use helpers-feel or dynamometer",
                },
            });
        }
        match reading {
            Some(reading) => {
                if reading.test() != test {
                    return Err(InputError::Protocol(format!(
                        "{} is not a result of the {}",
                        reading.kind_title(),
                        test.title()
                    )));
                }
                reading.check_method(method)?;
            }
            None if !hurt => {
                return Err(InputError::Protocol(
                    "a trial needs a value unless pain stopped it; give a value or mark it as hurt"
                        .to_string(),
                ));
            }
            None => {}
        }
        Ok(Self {
            id: MeasurementId::random(),
            phase,
            test,
            side,
            trial,
            method,
            reading,
            hurt,
            taken_at,
            void: None,
            confirmed_unusual: false,
        })
    }

    /// Whether the trial counts: not struck out.
    pub fn counts(&self) -> bool {
        self.void.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leg() -> Option<LegLength> {
        Some(LegLength::new(90.0).unwrap())
    }

    #[test]
    fn a_camera_trial_is_never_typed_in_and_is_not_offered_for_typing() {
        let typed = Reading::parse("14", Test::LegRaise, Method::CameraMarkers, None);
        let refused = typed.unwrap_err().to_string();
        assert!(
            refused.contains("markers in its rest and lift photos"),
            "{refused}"
        );
        assert!(Method::for_test(Test::LegRaise).contains(&Method::CameraMarkers));
        assert!(!Method::typed_for(Test::LegRaise).any(|m| m.measures_itself()));
        assert_eq!("camera".parse::<Method>().unwrap(), Method::CameraMarkers);
        // The camera gives an angle, as the inclinometer does.
        let angle = Reading::parse("14", Test::LegRaise, Method::Inclinometer, None).unwrap();
        assert!(angle.check_method(Method::CameraMarkers).is_ok());
    }

    #[test]
    fn a_values_unit_implies_its_method() {
        assert_eq!(
            Method::implied_by(Test::LegRaise, "20 cm"),
            Method::TapeMeasure
        );
        assert_eq!(Method::implied_by(Test::LegRaise, "35"), Method::Goniometer);
        assert_eq!(
            Method::implied_by(Test::Strength, "15 KGF"),
            Method::Dynamometer
        );
        assert_eq!(
            Method::implied_by(Test::Strength, "gave way"),
            Method::HelpersFeel
        );
    }

    #[test]
    fn bare_numbers_take_the_methods_unit() {
        let r = Reading::parse("35", Test::LegRaise, Method::Goniometer, None).unwrap();
        assert_eq!(r.degrees(), Some(35.0));
        let r = Reading::parse("45", Test::LegRaise, Method::TapeMeasure, leg()).unwrap();
        assert!((r.degrees().unwrap() - 30.0).abs() < 1e-9);
        let r = Reading::parse("4", Test::Strength, Method::HelpersFeel, None).unwrap();
        assert_eq!(
            r,
            Reading::Grade {
                grade: Grade::new(4).unwrap()
            }
        );
        let r = Reading::parse("150", Test::Strength, Method::Dynamometer, None).unwrap();
        assert!(matches!(r, Reading::Force { force } if force.newtons() == 150.0));
    }

    #[test]
    fn units_typed_by_the_person_win() {
        let r = Reading::parse("20 cm", Test::LegRaise, Method::Eyeballed, leg()).unwrap();
        assert!(matches!(r, Reading::HeelHeight { .. }));
        let r = Reading::parse("12 kgf", Test::Strength, Method::Dynamometer, None).unwrap();
        assert!(matches!(r, Reading::Force { force } if force.unit() == ForceUnit::KilogramForce));
        let r = Reading::parse("Gave way", Test::Strength, Method::HelpersFeel, None).unwrap();
        assert_eq!(
            r,
            Reading::Hold {
                result: HoldResult::GaveWay
            }
        );
        let r = Reading::parse("4/5", Test::Strength, Method::HelpersFeel, None).unwrap();
        assert_eq!(
            r,
            Reading::Grade {
                grade: Grade::new(4).unwrap()
            }
        );
    }

    #[test]
    fn letters_and_wrong_units_are_refused_with_what_to_type() {
        let err = Reading::parse("abc", Test::LegRaise, Method::Goniometer, None).unwrap_err();
        assert!(err.to_string().contains("give an angle like '35'"), "{err}");
        let err = Reading::parse("30 kg", Test::LegRaise, Method::Goniometer, None).unwrap_err();
        assert!(err.to_string().contains("not understood"), "{err}");
        let err = Reading::parse("-5", Test::LegRaise, Method::Goniometer, None).unwrap_err();
        assert!(err.to_string().contains("between 0 and 90"), "{err}");
        let err = Reading::parse("4.5", Test::Strength, Method::HelpersFeel, None).unwrap_err();
        assert!(err.to_string().contains("whole numbers"), "{err}");
        let err = Reading::parse("7", Test::Strength, Method::HelpersFeel, None).unwrap_err();
        assert!(err.to_string().contains("between 0 and 5"), "{err}");
    }

    #[test]
    fn a_heel_height_converted_with_an_estimated_leg_says_so() {
        let height = crate::units::BodyHeight::new(170.0).unwrap();
        let r = Reading::parse_with(
            "45 cm",
            Test::LegRaise,
            Method::TapeMeasure,
            Some(LegBasis::estimated(height)),
        )
        .unwrap();
        assert!(r.leg_length_estimated());
        // 0.53 x 170 cm = 90.1 cm; asin(45 / 90.1) = 29.96°
        assert!((r.degrees().unwrap() - 29.96).abs() < 0.01, "{r:?}");
        assert_eq!(
            r.to_string(),
            "45.0 cm (30.0°, leg length estimated from body height)"
        );
        let measured = Reading::parse("45 cm", Test::LegRaise, Method::TapeMeasure, leg()).unwrap();
        assert!(!measured.leg_length_estimated());
        assert_eq!(measured.to_string(), "45.0 cm (30.0°)");
    }

    #[test]
    fn heel_height_without_leg_length_says_how_to_fix_it() {
        let err = Reading::parse("20 cm", Test::LegRaise, Method::TapeMeasure, None).unwrap_err();
        assert!(err.to_string().contains("add it to the profile"), "{err}");
    }

    #[test]
    fn a_method_that_cannot_give_the_reading_is_refused() {
        let err = Reading::parse("150 N", Test::Strength, Method::HelpersFeel, None).unwrap_err();
        assert!(err.to_string().contains("dynamometer"), "{err}");
        let err = Reading::parse("35 deg", Test::LegRaise, Method::TapeMeasure, None).unwrap_err();
        assert!(
            err.to_string()
                .contains("tape measure (heel height) cannot measure"),
            "{err}"
        );
        assert!(err.to_string().contains("in cm, like '20'"), "{err}");
        // The example follows the method: no heel height offered for a goniometer, no force
        // for the helper's feel.
        let err = Reading::parse("abc", Test::LegRaise, Method::Goniometer, None).unwrap_err();
        assert!(!err.to_string().contains("cm"), "{err}");
        let err = Reading::parse("abc", Test::Strength, Method::HelpersFeel, None).unwrap_err();
        assert!(!err.to_string().contains("N"), "{err}");
        let err = Reading::parse("abc", Test::LegRaise, Method::TapeMeasure, None).unwrap_err();
        assert!(!err.to_string().contains("angle"), "{err}");
    }

    #[test]
    fn a_trial_without_value_must_be_a_painful_one() {
        let now = Timestamp::UNIX_EPOCH;
        let no_value = Measurement::new(
            Phase::Baseline,
            Test::LegRaise,
            Side::Left,
            1,
            Method::Goniometer,
            None,
            false,
            now,
        );
        assert!(no_value.is_err());
        let hurt = Measurement::new(
            Phase::Baseline,
            Test::LegRaise,
            Side::Left,
            1,
            Method::Goniometer,
            None,
            true,
            now,
        );
        assert!(hurt.is_ok());
        let zero_trial = Measurement::new(
            Phase::Baseline,
            Test::LegRaise,
            Side::Left,
            0,
            Method::Goniometer,
            None,
            true,
            now,
        );
        assert!(zero_trial.is_err());
    }
}
