//! The versioned rule set: every threshold, norm and measurement error a verdict uses, with
//! its source.
//!
//! Changing a number here changes verdicts, so it needs a new [`RuleSet::version`] and a new
//! [`PROTOCOL_VERSION`]. Verdicts are never stored: they are computed from the stored trials
//! with the rule set in force, and each names the rule set it used (`rules_version`); a
//! session keeps the protocol version it was recorded under, so one can tell which rules (and
//! which questions) were in force when its trials were taken.
//!
//! # How a side is called (rules 2026.2)
//!
//! Each trial carries its [`Method`], and each method a measurement error: the standard error
//! of measurement (SEM) of one trial, in the verdict's terms (degrees, percent of the force,
//! manual grades). For angles and forces, with `nL` and `nR` trials on the two sides,
//!
//! ```text
//! threshold = max(convention, z x SEM x sqrt(1/nL + 1/nR))        z = 1.96 (95%)
//! ```
//!
//! which for one trial per side is the usual MDC95 = 1.96 x sqrt(2) x SEM, and shrinks as
//! trials are added (the error of a side's mean is SEM / sqrt(n); the median of the trials,
//! which the verdict compares to resist a stray trial, is treated as that mean). When trials
//! were taken with different methods, the largest SEM among them is used. The convention is
//! 10% of the freer leg's angle, or of the stronger side's force (limb symmetry index 90%).
//! A difference at least the threshold calls a side; a smaller one is "no clear difference".
//! Manual grades are whole steps of an ordinal scale, so there the threshold is one grade.
//!
//! A side whose trials spread more than one trial's detectable change (MDC95 of the method)
//! asks for more trials (from five trials on, without its highest and lowest trial); every
//! verdict says how sure it is (clear, likely, unclear) and why.

use serde::Serialize;

use crate::measurement::Method;
use crate::units::LEG_LENGTH_PER_BODY_HEIGHT;

/// One number the verdicts depend on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rule {
    /// Short identifier.
    pub name: &'static str,
    /// The value.
    pub value: f64,
    /// Its unit.
    pub unit: &'static str,
    /// What the rule decides.
    pub meaning: &'static str,
    /// Where the number comes from.
    pub source: &'static str,
}

/// The z value of the 95% detectable change.
const Z95: f64 = 1.96;

/// The minimal detectable change at 95% of one trial on each side: 1.96 x sqrt(2) x SEM.
const fn mdc95(sem: f64) -> f64 {
    Z95 * std::f64::consts::SQRT_2 * sem
}

/// The measurement error of one method.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MethodError {
    /// The method.
    pub method: Method,
    /// The error: `value` is the standard error of one trial (SEM) in `unit`, with its source.
    #[serde(flatten)]
    pub rule: Rule,
    /// The smallest difference one trial per side can detect (95%), in `unit`; also the
    /// largest spread of one side's trials accepted before more trials are asked for.
    pub mdc95: f64,
    /// True when no published error exists and the method is treated as coarse: a side it
    /// calls is at best "likely".
    pub coarse: bool,
}

impl MethodError {
    /// The standard error of one trial.
    pub fn sem(&self) -> f64 {
        self.rule.value
    }

    /// The unit's symbol after a number: "°", "%" or " grade".
    pub fn symbol(&self) -> &'static str {
        match self.method {
            Method::Dynamometer => "%",
            Method::HelpersFeel => " grade",
            _ => "°",
        }
    }
}

/// All thresholds and norms, under one version.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RuleSet {
    /// Version label, reported with every verdict.
    pub version: &'static str,
    /// Below this many degrees a leg rises less than the typical adult range.
    pub leg_raise_normal_min: Rule,
    /// The convention minimum for leg raises: a left-right difference under this share of the
    /// freer leg's angle is never called, however precise the method.
    pub leg_raise_asymmetry: Rule,
    /// A weaker side's force below this share of the stronger side's can count as weak (the
    /// convention minimum for forces; the dynamometer's error may ask for more).
    pub force_symmetry: Rule,
    /// The smallest difference in manual grades that counts as a weak side.
    pub grade_step: Rule,
    /// At or below this grade a hip flexor cannot hold against the helper's push at all.
    pub strength_limited_grade: Rule,
    /// The z value of the detectable change: threshold = z x SEM x sqrt(1/nL + 1/nR).
    pub detectable_change_z: Rule,
    /// From this many trials on a side, its highest and lowest are set aside before its spread
    /// is judged.
    pub spread_trimmed_from: Rule,
    /// Body height to leg length, when the leg length was not measured.
    pub leg_length_from_body_height: Rule,
    /// Above this many degrees a face-down leg raise is beyond what a hip extends: the value
    /// is asked about before it is stored.
    pub leg_raise_plausible_max: Rule,
    /// Above this force a hand-held hip-flexion test is beyond what a helper can hold against:
    /// the value is asked about before it is stored.
    pub force_plausible_max: Rule,
    /// The smallest change of a 0-10 pain rating that matters to people: pain before and after
    /// the exercises is said to have eased (or grown) only by at least this much.
    pub pain_mic: Rule,
    /// Each method's measurement error, in the order of [`Method::ALL`].
    pub method_errors: [MethodError; 8],
}

/// The protocol version stored with sessions run under [`RULES`].
///
/// It numbers the versions of the rule set (and the questions asked with it): 1 is rules
/// 2026.1 (one 5° threshold for every method), 2 is rules 2026.2 (an error per method, body
/// height). Sessions keep the number they were recorded under; verdicts are always computed
/// with the rule set in force and say which (see [`rules_version_of_protocol`]).
pub const PROTOCOL_VERSION: u32 = 2;

/// The rule set version a protocol version was recorded under, if known.
pub fn rules_version_of_protocol(protocol_version: u32) -> Option<&'static str> {
    match protocol_version {
        1 => Some("2026.1"),
        2 => Some("2026.2"),
        _ => None,
    }
}

const INCLINOMETER_SEM: f64 = 2.0;
const CAMERA_MARKERS_SEM: f64 = 2.0;
const GONIOMETER_SEM: f64 = 4.5;
const EYEBALLED_SEM: f64 = 5.0;
const TAPE_MEASURE_SEM: f64 = 2.5;
const DYNAMOMETER_SEM: f64 = 7.0;

/// The rule set in force.
pub const RULES: RuleSet = RuleSet {
    version: "2026.2",
    leg_raise_normal_min: Rule {
        name: "leg_raise_normal_min",
        value: 10.0,
        unit: "degrees",
        meaning: "a leg that rises less than this is below the typical adult range of hip extension",
        source: "Typical adult hip extension 10-20 degrees: Norkin & White, Measurement of Joint \
                 Motion (2016); teaching texts give 10-30 degrees. The lower bound is used.",
    },
    leg_raise_asymmetry: Rule {
        name: "leg_raise_asymmetry",
        value: 10.0,
        unit: "% of the freer leg's angle",
        meaning: "the convention minimum: a left-right difference in the median leg-raise angle \
                  under this share of the freer leg's angle is 'no clear difference', however \
                  precise the method; above it, the method's error decides",
        source: "Inter-limb asymmetry thresholds of 10-15% are the usual convention (15 of 18 \
                 studies in a 2022 systematic review, PMID 35321131; limb symmetry index >= 90%); \
                 a verdict should require the difference to exceed both the convention and the \
                 method's detectable change. Rules 2026.1 used one 5-degree threshold instead.",
    },
    force_symmetry: Rule {
        name: "force_symmetry",
        value: 0.90,
        unit: "ratio weaker / stronger",
        meaning: "the convention minimum for forces: a side whose median force is at least 90% of \
                  the other side's is never called weak; below it, the dynamometer's error decides",
        source: "Limb symmetry index >= 90% is the usual convention; 15 of 18 studies in a 2022 \
                 systematic review of inter-limb strength asymmetry (PMID 35321131) used a 10-15% \
                 threshold.",
    },
    grade_step: Rule {
        name: "grade_step",
        value: 1.0,
        unit: "grade (0-5)",
        meaning: "a side whose median manual grade is at least this much lower is the weak side",
        source: "Oxford / MRC manual muscle testing scale; one whole grade is the smallest step \
                 the scale records (Krause et al., J Sport Rehabil 2014;23:56-64 on reliability).",
    },
    strength_limited_grade: Rule {
        name: "strength_limited_grade",
        value: 3.0,
        unit: "grade (0-5)",
        meaning: "both sides at or below this grade (moves against gravity, not against \
                  resistance) are 'both sides limited'",
        source: "Oxford / MRC scale definition: grade 3 is full movement against gravity without \
                 added resistance.",
    },
    detectable_change_z: Rule {
        name: "detectable_change_z",
        value: Z95,
        unit: "z (95%)",
        meaning: "threshold = max(convention, z x SEM x sqrt(1/nL + 1/nR)) for nL and nR trials \
                  on the two sides, with the largest SEM among the methods used; one trial per \
                  side gives MDC95 = 1.96 x sqrt(2) x SEM, more trials a smaller threshold. A \
                  side's trials spreading more than the method's MDC95 ask for more trials",
        source: "Minimal detectable change MDC95 = 1.96 x sqrt(2) x SEM; the error of the mean \
                 of n trials is SEM / sqrt(n) (the median of the trials is treated as their \
                 mean, an approximation). Sessions recorded under protocol 1 are judged again \
                 with these rules.",
    },
    spread_trimmed_from: Rule {
        name: "spread_trimmed_from",
        value: 5.0,
        unit: "trials per side",
        meaning: "a side whose trials spread more than one trial of its method can tell apart \
                  (MDC95) asks for more trials; from this many trials on, the highest and the \
                  lowest are set aside first, so one stray trial stops blocking a clear verdict",
        source: "Design choice: a trimmed range, as judges drop the highest and lowest score; \
                 the median the verdict compares already withstands one stray trial in three.",
    },
    leg_length_from_body_height: Rule {
        name: "leg_length_from_body_height",
        value: LEG_LENGTH_PER_BODY_HEIGHT,
        unit: "leg length / body height",
        meaning: "without a measured leg length, heel heights are converted with 0.53 x body \
                  height, and the reading and verdict say the leg length was estimated",
        source: "Greater trochanter height 0.530 H in the body segment lengths of Winter, \
                 Biomechanics and Motor Control of Human Movement (4th ed. 2009, after Drillis & \
                 Contini 1966). People differ by a few percent; the error scales both sides' \
                 angles alike, so it barely changes which side is lower.",
    },
    leg_raise_plausible_max: Rule {
        name: "leg_raise_plausible_max",
        value: 45.0,
        unit: "degrees",
        meaning: "a face-down leg raise above this is asked about before it is stored ('Is 84.8° \
                  right?'): kept, flagged, when the person confirms it",
        source: "Typical adult hip extension 10-20 degrees (Norkin & White 2016), 10-30 in \
                 teaching texts; lumbar extension and pelvic tilt inflate readings. 45 degrees, \
                 half as much again as the top of the taught range, is a design choice to \
                 confirm.",
    },
    force_plausible_max: Rule {
        name: "force_plausible_max",
        value: 600.0,
        unit: "N",
        meaning: "a hand-held hip-flexion force above this is asked about before it is stored: \
                  kept, flagged, when the person confirms it",
        source: "The tester's own strength limits hand-held tests of strong hip muscles (Krause \
                 et al., J Sport Rehabil 2014;23:56-64); hip flexor forces of healthy adults by \
                 hand-held dynamometer are mostly 100-350 N. 600 N is a design choice to \
                 confirm.",
    },
    pain_mic: Rule {
        name: "pain_mic",
        value: 2.0,
        unit: "points (0-10)",
        meaning: "pain at the end of a session is said to have eased, or grown, since its start \
                 only when it changed by at least this many points; a smaller change is within \
                 what people report from one moment to the next",
        source: "Minimal clinically important difference of the 0-10 numeric rating scale: about \
                 2 points or 30% (Farrar et al., Pain 2001;94:149-158; Salaffi et al., Eur J Pain \
                 2004;8:283-291). The 2 points, without the 30%, are a design choice to confirm: \
                 at the low ratings a home session mostly sees, 30% is less than one point.",
    },
    method_errors: [
        MethodError {
            method: Method::Eyeballed,
            rule: Rule {
                name: "error_eyeballed",
                value: EYEBALLED_SEM,
                unit: "degrees (SEM of one trial)",
                meaning: "a leg-raise judged by eye is coarse: about 5 degrees per trial, so one \
                          trial per side tells apart only about 14 degrees; a side called by eye \
                          is at best 'likely'",
                source: "No published error for eyeballed leg-raise heights was found; treated \
                         as qualitative (which leg is lower) with a starting assumption of 2.5 \
                         times the inclinometer's SEM, to confirm.",
            },
            mdc95: mdc95(EYEBALLED_SEM),
            coarse: true,
        },
        MethodError {
            method: Method::Goniometer,
            rule: Rule {
                name: "error_goniometer",
                value: GONIOMETER_SEM,
                unit: "degrees (SEM of one trial)",
                meaning: "a goniometer lined up by hand: about 4.5 degrees per trial",
                source: "Hip range of motion: goniometer inter-observer ICC 0.781-0.827 against \
                         0.948-0.974 for a smartphone inclinometer (Korean smartphone \
                         inclinometer reliability study, 2016, 50 subjects). SEM = SD x \
                         sqrt(1 - ICC), so for the same people the goniometer's SEM is \
                         sqrt((1 - 0.80) / (1 - 0.96)) = 2.2 times the inclinometer's: \
                         2.2 x 2 = 4.5 degrees (derived, to confirm). Goniometer and digital \
                         inclinometer also differ by 3.2 degrees on average for hip extension \
                         (Roach et al., Int J Sports Phys Ther 2013;8(5):680-688), one more \
                         reason mixed methods take the larger error.",
            },
            mdc95: mdc95(GONIOMETER_SEM),
            coarse: false,
        },
        MethodError {
            method: Method::Inclinometer,
            rule: Rule {
                name: "error_inclinometer",
                value: INCLINOMETER_SEM,
                unit: "degrees (SEM of one trial)",
                meaning: "an inclinometer (or phone app) on the back of the thigh: about 2 \
                          degrees per trial, MDC95 about 5.5 degrees",
                source: "SEM of about 2 degrees for an inclinometer on the thigh (starting \
                         assumption, to confirm), so MDC95 = 1.96 x sqrt(2) x 2 = 5.5 degrees \
                         for one measurement; digital and smartphone inclinometers are the most \
                         reliable hip range-of-motion tools (inter-observer ICC 0.948-0.974, \
                         2016 smartphone study).",
            },
            mdc95: mdc95(INCLINOMETER_SEM),
            coarse: false,
        },
        MethodError {
            method: Method::PhoneInclinometer,
            rule: Rule {
                name: "error_phone_inclinometer",
                value: INCLINOMETER_SEM,
                unit: "degrees (SEM of one trial)",
                meaning: "this phone on the thigh through the inclinometer page: about 2 degrees \
                          per trial, as an inclinometer",
                source: "Smartphone inclinometer, active hip range of motion: inter-observer ICC \
                         0.948-0.974 (2016, 50 subjects), as reliable as a digital inclinometer, \
                         so the same 2-degree SEM (to confirm). Reliability varies with \
                         technique (smartphone app against 3D motion analysis: ICC > 0.75 for 4 \
                         of 7 movements, 0.63-0.68 for the rest, Charlton et al. 2015; \
                         intra-rater ICC 0.47-0.99, Norris et al., J Rehabil Sci Res 2016): the \
                         page holds the peak steady and rejects unsteady or rolled lifts.",
            },
            mdc95: mdc95(INCLINOMETER_SEM),
            coarse: false,
        },
        MethodError {
            method: Method::CameraMarkers,
            rule: Rule {
                name: "error_camera_markers",
                value: CAMERA_MARKERS_SEM,
                unit: "degrees (SEM of one trial)",
                meaning: "this camera with three printed markers: about 2 degrees per trial, \
                          as an inclinometer, until measured on people",
                source: "Our own measurement, not a published figure: the geometry from the \
                         markers' centres finds the rise, the hip's part and the pelvis's \
                         within 0.5 degrees on synthetic photos with corner noise, camera \
                         roll and slant up to 10 degrees (psoas-core camera tests). What it \
                         does not cover, the markers' placement on the skin over the \
                         trochanter and the skin's movement under them, has not been measured \
                         here, so the SEM is taken as the inclinometer's 2 degrees (starting \
                         assumption, to confirm). Unlike an inclinometer it also measures the \
                         pelvis's tip, without which a Thomas-type test is not valid (Vigotsky \
                         et al. 2016, PMC4991856).",
            },
            mdc95: mdc95(CAMERA_MARKERS_SEM),
            coarse: false,
        },
        MethodError {
            method: Method::TapeMeasure,
            rule: Rule {
                name: "error_tape_measure",
                value: TAPE_MEASURE_SEM,
                unit: "degrees (SEM of one trial)",
                meaning: "a heel height taken with a tape and turned into an angle with the leg \
                          length: about 2.5 degrees per trial",
                source: "No published figure for tape-measured heel heights; derived: the lift \
                         itself varies as for an inclinometer (2 degrees), and reading a tape at \
                         a moving heel adds about 2 cm, 1.3 degrees on an 85-90 cm leg; \
                         sqrt(2^2 + 1.3^2) = 2.4, rounded up to 2.5 degrees (to confirm). A leg \
                         length estimated from body height changes both sides' angles alike.",
            },
            mdc95: mdc95(TAPE_MEASURE_SEM),
            coarse: false,
        },
        MethodError {
            method: Method::Dynamometer,
            rule: Rule {
                name: "error_dynamometer",
                value: DYNAMOMETER_SEM,
                unit: "% of the force (SEM of one trial)",
                meaning: "a hand-held dynamometer or a scale against the knee: about 7% of the \
                          force per trial, so one trial per side tells apart about 19%",
                source: "Hand-held dynamometer, six hip muscle groups including the flexors: \
                         test-retest ICC 0.86-0.97, SEM 3.3-7% (pilot, 10 healthy adults, \
                         Australian Medical Student Journal); the upper end is used, as a scale \
                         pressed against a knee is no better. MDC95 = 19% then matches natural \
                         side-to-side boundaries of about 20% for hand-held devices (knee \
                         strength 100 +/- 21-24%, Lawrance et al., BJSM 2017;51:347).",
            },
            mdc95: mdc95(DYNAMOMETER_SEM),
            coarse: false,
        },
        MethodError {
            method: Method::HelpersFeel,
            rule: Rule {
                name: "error_helpers_feel",
                value: 1.0,
                unit: "grade (0-5)",
                meaning: "the helper's feel can be one grade off: one grade is also the largest \
                          spread accepted on a side; a one-grade difference between grades 4 and \
                          5 is only 'likely'; held / gave way is clear only when at least two \
                          trials per side agree",
                source: "Grades 4 and 5 are the least reliable to tell apart by hand, and the \
                         tester's own strength biases hand tests of strong hip muscles (Krause et \
                         al., J Sport Rehabil 2014;23:56-64: intra-rater ICC 0.82-0.97, \
                         inter-rater 0.81-0.98). No SEM in grades is published and grades are \
                         whole steps, so the error formula is not applied: one grade, the \
                         scale's smallest step, is used.",
            },
            mdc95: 1.0,
            coarse: false,
        },
    ],
};

impl RuleSet {
    /// Every general rule, for listings (the method errors are in [`RuleSet::method_errors`]).
    pub fn all(&self) -> [&Rule; 11] {
        [
            &self.leg_raise_normal_min,
            &self.leg_raise_asymmetry,
            &self.force_symmetry,
            &self.grade_step,
            &self.strength_limited_grade,
            &self.detectable_change_z,
            &self.spread_trimmed_from,
            &self.leg_length_from_body_height,
            &self.leg_raise_plausible_max,
            &self.force_plausible_max,
            &self.pain_mic,
        ]
    }

    /// The measurement error of a method.
    pub fn error_of(&self, method: Method) -> &MethodError {
        self.method_errors
            .iter()
            .find(|e| e.method == method)
            .expect("every method has its error in the rule set")
    }

    /// The smallest difference that calls a side, in the terms of `sem`: `max(convention,
    /// z x sem x sqrt(1/n_left + 1/n_right))`. Trial counts of zero count as one.
    pub fn detectable_difference(
        &self,
        sem: f64,
        n_left: usize,
        n_right: usize,
        convention: f64,
    ) -> f64 {
        let spread = (1.0 / n_left.max(1) as f64 + 1.0 / n_right.max(1) as f64).sqrt();
        (self.detectable_change_z.value * sem * spread).max(convention)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_has_an_error_with_a_source() {
        for (method, error) in Method::ALL.iter().zip(RULES.method_errors.iter()) {
            assert_eq!(*method, error.method);
            assert!(error.sem() > 0.0 && error.mdc95 >= error.sem());
            assert!(!error.rule.source.is_empty() && !error.rule.meaning.is_empty());
            assert!(
                error.rule.name.ends_with(method.as_str()),
                "{}",
                error.rule.name
            );
        }
        assert!(RULES.error_of(Method::Eyeballed).coarse);
        assert!(RULES.error_of(Method::Eyeballed).sem() > RULES.error_of(Method::Goniometer).sem());
        assert!(
            RULES.error_of(Method::Goniometer).sem() > RULES.error_of(Method::Inclinometer).sem()
        );
    }

    #[test]
    fn one_trial_per_side_gives_the_mdc95_and_more_trials_less() {
        let incl = RULES.error_of(Method::Inclinometer);
        assert!((incl.mdc95 - 5.54).abs() < 0.01, "{}", incl.mdc95);
        let one = RULES.detectable_difference(incl.sem(), 1, 1, 0.0);
        assert!((one - incl.mdc95).abs() < 1e-12);
        let three = RULES.detectable_difference(incl.sem(), 3, 3, 0.0);
        assert!((three - 3.2).abs() < 0.01, "{three}");
        assert_eq!(RULES.detectable_difference(incl.sem(), 20, 20, 3.0), 3.0);
        let dyn_one =
            RULES.detectable_difference(RULES.error_of(Method::Dynamometer).sem(), 1, 1, 10.0);
        assert!((dyn_one - 19.4).abs() < 0.05, "{dyn_one}");
    }

    #[test]
    fn protocol_versions_name_their_rule_sets() {
        assert_eq!(
            rules_version_of_protocol(PROTOCOL_VERSION),
            Some(RULES.version)
        );
        assert_eq!(rules_version_of_protocol(1), Some("2026.1"));
        assert_eq!(rules_version_of_protocol(99), None);
    }
}
