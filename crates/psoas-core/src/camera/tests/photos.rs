//! Photos whose angles are found: either facing, roll, slant, both sides stuck on, and any
//! believable lift in a proptest.

use super::*;
use proptest::prelude::*;

#[test]
fn the_angles_are_found_within_half_a_degree_facing_either_way() {
    for feet_right in [true, false] {
        for hip in [0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0] {
            for pelvis in [-3.0, 0.0, 4.0, 8.0, 12.0] {
                if hip + pelvis < 5.0 {
                    continue;
                }
                let body = Body {
                    hip,
                    pelvis,
                    feet_right,
                    seed: (hip * 100.0 + pelvis) as u64 + 1,
                    ..Body::default()
                };
                assert_close(&body.analyse().unwrap(), &body, 0.5);
            }
        }
    }
}

#[test]
fn facing_left_or_right_gives_the_same_signs() {
    let right = Body::default().analyse().unwrap();
    let left = Body {
        feet_right: false,
        ..Body::default()
    }
    .analyse()
    .unwrap();
    assert!(right.rise.value() > 19.0 && left.rise.value() > 19.0);
    assert!(
        right.pelvis > 4.0 && left.pelvis > 4.0,
        "{right:?} {left:?}"
    );
    assert!((right.hip - left.hip).abs() < 0.5, "{right:?} {left:?}");
}

#[test]
fn the_cameras_roll_and_the_tags_own_turns_change_nothing() {
    for (roll, turns) in [(12.0, [0.0, 45.0, 80.0]), (-30.0, [170.0, -60.0, 5.0])] {
        let body = Body {
            roll,
            tag_turns: turns,
            ..Body::default()
        };
        assert_close(&body.analyse().unwrap(), &body, 0.5);
    }
}

#[test]
fn a_slight_slant_is_accepted_and_the_larger_one_shown() {
    let body = Body {
        squash_x: 5f64.to_radians().cos(),
        ..Body::default()
    };
    let found = body.analyse().unwrap();
    assert_close(&found, &body, 0.5);
    let square = Body::default().analyse().unwrap();
    assert!(found.camera_tilt_deg > square.camera_tilt_deg, "{found:?}");
}

proptest! {
    #[test]
    fn any_believable_lift_is_found_within_half_a_degree(
        hip in 0.0f64..30.0,
        pelvis in -4.0f64..12.0,
        feet_right in any::<bool>(),
        roll in -20.0f64..20.0,
        turns in proptest::array::uniform3(0.0f64..90.0),
        noise in 0.0f64..0.3,
        seed in any::<u64>(),
    ) {
        prop_assume!(hip + pelvis >= 4.0);
        let body = Body {
            hip, pelvis, feet_right, roll, tag_turns: turns, noise, seed, ..Body::default()
        };
        let found = body.analyse();
        prop_assert!(found.is_ok(), "{:?}", found);
        let found = found.unwrap();
        let rise = found.rise.value();
        prop_assert!((rise - (hip + pelvis)).abs() < 0.5, "{:?}", found);
        prop_assert!((found.hip - hip).abs() < 0.5, "{:?}", found);
        prop_assert!((found.pelvis - pelvis).abs() < 0.5, "{:?}", found);
        prop_assert!((rise - (found.hip + found.pelvis)).abs() <= 0.1 + 1e-9, "{:?}", found);
    }
}
