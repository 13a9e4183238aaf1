//! Every refusal of a pair of photos, each reached by the input that should cause it, and
//! their sentences.

use super::*;

#[test]
fn both_sides_stuck_on_at_once_is_fine_when_this_sides_three_are_seen() {
    let body = Body::default();
    let (rest, lift) = body.photos();
    let other = Body {
        side: Side::Right,
        ..Body::default()
    };
    let (other_rest, other_lift) = other.photos();
    // The far side's markers, drawn elsewhere in the picture.
    let add = |frame: &MarkerFrame, from: &MarkerFrame| {
        edit(frame, |ms| {
            ms.extend(from.markers().iter().map(|m| moved(m, (0.0, 300.0))))
        })
    };
    let found = analyse_photos(
        Side::Left,
        &add(&rest, &other_rest),
        &add(&lift, &other_lift),
        None,
    )
    .unwrap();
    assert_close(&found, &body, 0.5);
}

#[test]
fn a_missing_marker_is_named() {
    let body = Body::default();
    let (rest, lift) = body.photos();
    let without_knee = edit(&lift, |ms| {
        ms.remove(role_index(&lift, Side::Left, MarkerRole::Knee));
    });
    let problem = refusal(analyse_photos(Side::Left, &rest, &without_knee, None));
    assert_eq!(
        problem,
        CameraProblem::MissingMarker {
            photo: Photo::Lift,
            side: Side::Left,
            role: MarkerRole::Knee
        }
    );
    let text = problem.to_string();
    assert!(
        text.contains("the knee marker (K) of the left side (tag 2) is not in the lift photo"),
        "{text}"
    );
}

#[test]
fn the_other_sides_markers_say_the_wrong_side_was_photographed() {
    let right = Body {
        side: Side::Right,
        ..Body::default()
    };
    let (rest, lift) = right.photos();
    let problem = refusal(analyse_photos(Side::Left, &rest, &lift, None));
    assert_eq!(problem.code(), "wrong_side", "{problem}");
    assert!(
        problem
            .to_string()
            .contains("photograph the left side (tags 0, 1, 2)"),
        "{problem}"
    );
    // The right side, asked for, is measured.
    assert!(analyse_photos(Side::Right, &rest, &lift, None).is_ok());
}

#[test]
fn a_tag_seen_twice_is_refused() {
    let (rest, lift) = Body::default().photos();
    let doubled = edit(&rest, |ms| {
        let hip = ms[role_index(&rest, Side::Left, MarkerRole::Hip)].clone();
        ms.push(moved(&hip, (0.0, 200.0)));
    });
    let problem = refusal(analyse_photos(Side::Left, &doubled, &lift, None));
    assert_eq!(
        problem,
        CameraProblem::DuplicateMarker {
            photo: Photo::Rest,
            id: 1,
            role: MarkerRole::Hip
        }
    );
    assert!(problem.to_string().contains("the hip marker (H)"));
}

#[test]
fn markers_too_small_are_refused() {
    let body = Body {
        tag_cm: 1.8,
        ..Body::default()
    };
    let problem = refusal(body.analyse());
    assert_eq!(problem.code(), "too_small", "{problem}");
    assert!(problem.to_string().contains("at least 20 px"), "{problem}");
    let big_enough = Body {
        tag_cm: 2.2,
        noise: 0.0,
        ..Body::default()
    };
    assert!(big_enough.analyse().is_ok());
}

#[test]
fn blurred_or_misshapen_markers_are_refused() {
    let (rest, lift) = Body::default().photos();
    let i = role_index(&lift, Side::Left, MarkerRole::Pelvis);
    let reshaped =
        |change: &dyn Fn(&SeenMarker) -> SeenMarker| edit(&lift, |ms| ms[i] = change(&ms[i]));
    let twisted = reshaped(&|m| {
        let mut c = m.corners();
        c.swap(1, 2);
        SeenMarker::new(m.id(), m.centre(), c).unwrap()
    });
    // One corner pulled out along its diagonal: still convex, centre kept, sides uneven.
    let pulled_corner = reshaped(&|m| {
        let mut c = m.corners();
        let (x, y) = m.centre();
        c[2] = (x + 1.8 * (c[2].0 - x), y + 1.8 * (c[2].1 - y));
        SeenMarker::new(m.id(), m.centre(), c).unwrap()
    });
    let off_centre = reshaped(&|m| {
        let (x, y) = m.centre();
        SeenMarker::new(m.id(), (x + 20.0, y), m.corners()).unwrap()
    });
    // Twisted exactly, in whole pixels: its diagonals are parallel and never cross.
    let exact_twist = reshaped(&|m| {
        let (x, y) = (m.centre().0.round(), m.centre().1.round());
        let c = [(-25.0, -25.0), (25.0, 25.0), (25.0, -25.0), (-25.0, 25.0)]
            .map(|(dx, dy)| (x + dx, y + dy));
        SeenMarker::new(m.id(), (x, y), c).unwrap()
    });
    for frame in [twisted, pulled_corner, off_centre, exact_twist] {
        let problem = refusal(analyse_photos(Side::Left, &rest, &frame, None));
        assert_eq!(
            problem,
            CameraProblem::Misshapen {
                photo: Photo::Lift,
                role: MarkerRole::Pelvis
            }
        );
        assert!(problem.to_string().contains("the pelvis marker (P)"));
    }
}

#[test]
fn a_camera_at_a_slant_is_refused_from_the_markers_shapes() {
    for (squash_x, squash_y) in [(15f64.to_radians().cos(), 1.0), (1.0, 0.95)] {
        let body = Body {
            squash_x,
            squash_y,
            ..Body::default()
        };
        let problem = refusal(body.analyse());
        assert_eq!(problem.code(), "camera_not_square", "{problem}");
        assert!(problem.to_string().contains("at most 10°"), "{problem}");
    }
    let within = Body {
        squash_y: 7f64.to_radians().cos(),
        noise: 0.05,
        ..Body::default()
    };
    assert!(within.analyse().is_ok());
}

fn tilt(rest: (f64, f64), lift: (f64, f64)) -> Option<PhoneTilt> {
    Some(PhoneTilt {
        rest: PhonePose::new(rest.0, rest.1).unwrap(),
        lift: PhonePose::new(lift.0, lift.1).unwrap(),
    })
}

#[test]
fn a_phone_held_upright_and_still_is_accepted_in_either_orientation() {
    let body = Body::default();
    let (rest, lift) = body.photos();
    for phone in [
        tilt((90.0, 0.0), (89.0, 0.5)),
        tilt((2.0, 89.0), (1.0, 88.5)),
        tilt((-1.0, -88.0), (-1.5, -87.5)),
    ] {
        let found = analyse_photos(Side::Left, &rest, &lift, phone).unwrap();
        assert_close(&found, &body, 0.5);
    }
}

#[test]
fn a_phone_not_upright_or_turned_between_photos_is_refused() {
    let (rest, lift) = Body::default().photos();
    let leaning = refusal(analyse_photos(
        Side::Left,
        &rest,
        &lift,
        tilt((90.0, 0.0), (80.0, 0.0)),
    ));
    assert_eq!(
        leaning.code(),
        "phone_not_upright",
        "{leaning}: {leaning:?}"
    );
    assert!(matches!(
        leaning,
        CameraProblem::PhoneNotUpright {
            photo: Photo::Lift,
            ..
        }
    ));
    let flat = refusal(analyse_photos(
        Side::Left,
        &rest,
        &lift,
        tilt((10.0, 0.0), (10.0, 0.0)),
    ));
    assert_eq!(flat.code(), "phone_not_upright");

    // Upright both times, but turned 4° about the lens between them.
    let turned = refusal(analyse_photos(
        Side::Left,
        &rest,
        &lift,
        tilt((90.0, 0.0), (86.0, 0.0)),
    ));
    assert_eq!(turned.code(), "phone_moved", "{turned}");
    assert!(turned.to_string().contains("turned 4.0°"), "{turned}");
}

#[test]
fn a_turn_between_the_photos_goes_into_the_rise_which_is_why_it_is_checked() {
    let body = Body {
        lift_roll: 4.0,
        ..Body::default()
    };
    let found = body.analyse().unwrap();
    assert!((found.rise.value() - 24.0).abs() < 0.5, "{found:?}");
    assert!((found.hip - 15.0).abs() < 0.5, "{found:?}");
}

#[test]
fn a_photo_turned_on_its_side_is_refused() {
    let body = Body {
        roll: 70.0,
        ..Body::default()
    };
    let problem = refusal(body.analyse());
    assert_eq!(problem.code(), "photo_turned", "{problem}");
}

#[test]
fn markers_out_of_order_are_refused() {
    let (rest, lift) = Body::default().photos();
    let swap = |frame: &MarkerFrame, a: MarkerRole, b: MarkerRole| {
        edit(frame, |ms| {
            let (i, j) = (
                role_index(frame, Side::Left, a),
                role_index(frame, Side::Left, b),
            );
            let (ma, mb) = (ms[i].clone(), ms[j].clone());
            ms[i] = SeenMarker::new(mb.id(), ma.centre(), ma.corners()).unwrap();
            ms[j] = SeenMarker::new(ma.id(), mb.centre(), mb.corners()).unwrap();
        })
    };
    for (a, b) in [
        (MarkerRole::Pelvis, MarkerRole::Hip),
        (MarkerRole::Hip, MarkerRole::Knee),
    ] {
        let problem = refusal(analyse_photos(
            Side::Left,
            &swap(&rest, a, b),
            &swap(&lift, a, b),
            None,
        ));
        assert_eq!(
            problem,
            CameraProblem::OutOfOrder {
                photo: Photo::Rest,
                side: Side::Left
            }
        );
    }
    // Right at rest, but the lift photo has P beyond H, or K before it.
    for (a, b) in [
        (MarkerRole::Pelvis, MarkerRole::Hip),
        (MarkerRole::Hip, MarkerRole::Knee),
    ] {
        let problem = refusal(analyse_photos(Side::Left, &rest, &swap(&lift, a, b), None));
        assert_eq!(
            problem,
            CameraProblem::OutOfOrder {
                photo: Photo::Lift,
                side: Side::Left
            }
        );
    }
}

#[test]
fn an_upside_down_or_swapped_pair_of_photos_goes_into_the_table() {
    let body = Body::default();
    let upside_down = Body {
        roll: 180.0,
        ..body.clone()
    };
    let problem = refusal(upside_down.analyse());
    assert_eq!(problem.code(), "leg_went_down", "{problem}");
    assert!(problem.to_string().contains("upside down"), "{problem}");

    let (rest, lift) = body.photos();
    let problem = refusal(analyse_photos(Side::Left, &lift, &rest, None));
    assert_eq!(problem.code(), "leg_went_down", "{problem}");
}

#[test]
fn a_rise_no_body_makes_is_refused() {
    let hardly = Body {
        hip: 1.5,
        pelvis: 0.0,
        ..Body::default()
    };
    assert_eq!(refusal(hardly.analyse()).code(), "no_lift");
    // A tiny dip within the noise is no lift, not a leg into the table.
    let dip = Body {
        hip: -1.0,
        pelvis: 0.0,
        ..Body::default()
    };
    assert_eq!(refusal(dip.analyse()).code(), "no_lift");
    let too_far = Body {
        hip: 55.0,
        pelvis: 10.0,
        ..Body::default()
    };
    let problem = refusal(too_far.analyse());
    assert_eq!(problem.code(), "implausible", "{problem}");
    assert!(
        problem.to_string().contains("more than the 60°"),
        "{problem}"
    );
    // Past the rule set's 45° but within the inclinometer's 60°: kept, asked about on storing.
    let high = Body {
        hip: 40.0,
        pelvis: 10.0,
        ..Body::default()
    };
    assert_close(&high.analyse().unwrap(), &high, 0.5);
}

#[test]
fn markers_too_close_together_are_refused() {
    let body = Body {
        px_per_cm: 4.5,
        tag_cm: 5.0,
        noise: 0.05,
        ..Body::default()
    };
    let problem = refusal(body.analyse());
    assert_eq!(
        problem.code(),
        "too_close",
        "{problem}: P-H is 11 cm, 50 px"
    );
    assert!(
        problem
            .to_string()
            .contains("the pelvis marker (P) and the hip marker (H)"),
        "{problem}"
    );
}

#[test]
fn photos_that_do_not_match_are_refused() {
    let closer = Body {
        lift_zoom: 1.25,
        ..Body::default()
    };
    let problem = refusal(closer.analyse());
    assert_eq!(problem.code(), "camera_moved", "{problem}");
    assert!(problem.to_string().contains("25% larger"), "{problem}");
    let a_little = Body {
        lift_zoom: 1.08,
        ..Body::default()
    };
    assert_close(&a_little.analyse().unwrap(), &a_little, 0.5);

    let (rest, lift) = Body::default().photos();
    let k = role_index(&lift, Side::Left, MarkerRole::Knee);
    let shrunk = edit(&lift, |ms| ms[k] = scaled(&ms[k], 0.75));
    let problem = refusal(analyse_photos(Side::Left, &rest, &shrunk, None));
    assert!(
        matches!(
            problem,
            CameraProblem::MarkerChanged {
                role: MarkerRole::Knee,
                ..
            }
        ),
        "{problem}"
    );

    // P slid 3 cm along the body: 11.2 cm from H became about 14.
    let p = role_index(&lift, Side::Left, MarkerRole::Pelvis);
    let slid = edit(&lift, |ms| ms[p] = moved(&ms[p], (-30.0, 0.0)));
    let problem = refusal(analyse_photos(Side::Left, &rest, &slid, None));
    assert_eq!(problem.code(), "stretched", "{problem}");
    let nudged = edit(&lift, |ms| ms[p] = moved(&ms[p], (-8.0, 0.0)));
    assert!(analyse_photos(Side::Left, &rest, &nudged, None).is_ok());
}

#[test]
fn the_detectors_data_is_validated() {
    let square = [(0.0, 0.0), (30.0, 0.0), (30.0, 30.0), (0.0, 30.0)];
    assert_eq!(
        SeenMarker::new(1, (f64::NAN, 15.0), square)
            .unwrap_err()
            .code(),
        "bad_frame"
    );
    let marker = SeenMarker::new(1, (15.0, 15.0), square).unwrap();
    assert!(MarkerFrame::new(0, 100, vec![]).is_err());
    assert!(MarkerFrame::new(20, 20, vec![marker.clone()]).is_err());
    assert!(MarkerFrame::new(40, 40, vec![marker.clone()]).is_ok());
    assert!(MarkerFrame::new(40, 40, vec![marker; MAX_MARKERS_PER_FRAME + 1]).is_err());
    assert!(PhonePose::new(200.0, 0.0).is_err());
    assert!(PhonePose::new(0.0, f64::NAN).is_err());
}

#[test]
fn the_ids_are_the_products_table() {
    for &(id, side, role) in &MARKER_IDS {
        assert_eq!(marker_of(id), Some((side, role)));
        assert_eq!(marker_id(side, role), id);
    }
    assert_eq!(marker_of(1), Some((Side::Left, MarkerRole::Hip)));
    assert_eq!(marker_of(5), Some((Side::Right, MarkerRole::Knee)));
    assert_eq!(marker_of(6), None);
    assert_eq!(MarkerRole::Hip.to_string(), "the hip marker (H)");
}

#[test]
fn the_file_format_is_plain_json_and_checked_on_reading() {
    let json = r#"{"width": 640, "height": 480, "markers": [
        {"id": 2, "centre": [100.0, 100.0],
         "corners": [[90.0, 90.0], [110.0, 90.0], [110.0, 110.0], [90.0, 110.0]]}]}"#;
    let frame: MarkerFrame = serde_json::from_str(json).unwrap();
    assert_eq!(frame.markers()[0].id(), 2);
    let back: MarkerFrame = serde_json::from_str(&serde_json::to_string(&frame).unwrap()).unwrap();
    assert_eq!(back, frame);
    let outside = json.replace("\"width\": 640", "\"width\": 50");
    let err = serde_json::from_str::<MarkerFrame>(&outside).unwrap_err();
    assert!(err.to_string().contains("outside"), "{err}");
    let pose: PhonePose = serde_json::from_str(r#"{"beta": 90, "gamma": 0}"#).unwrap();
    assert_eq!(pose.beta(), 90.0);
    assert!(serde_json::from_str::<PhonePose>(r#"{"beta": 190, "gamma": 0}"#).is_err());
    let found = serde_json::to_value(Body::default().analyse().unwrap()).unwrap();
    assert!(found["rise"].is_number() && found["hip"].is_number());
}

#[test]
fn every_message_is_one_line_that_says_what_to_do() {
    let (rest, lift) = (Photo::Rest, Photo::Frame { t_ms: 2400 });
    let problems = [
        CameraProblem::BadFrame {
            detail: "tag 1 lies outside the 20 x 20 px image".into(),
        },
        CameraProblem::MissingMarker {
            photo: rest,
            side: Side::Right,
            role: MarkerRole::Hip,
        },
        CameraProblem::WrongSide {
            photo: rest,
            side: Side::Left,
        },
        CameraProblem::DuplicateMarker {
            photo: rest,
            id: 4,
            role: MarkerRole::Hip,
        },
        CameraProblem::TooSmall {
            photo: rest,
            role: MarkerRole::Knee,
            side_px: 14.0,
        },
        CameraProblem::Misshapen {
            photo: lift,
            role: MarkerRole::Pelvis,
        },
        CameraProblem::CameraNotSquare {
            photo: rest,
            tilt_deg: 14.0,
        },
        CameraProblem::PhoneNotUpright {
            photo: Photo::Lift,
            tilt_deg: 9.0,
        },
        CameraProblem::PhoneMoved { turned_deg: 4.0 },
        CameraProblem::PhotoTurned {
            photo: rest,
            slope_deg: 70.0,
        },
        CameraProblem::OutOfOrder {
            photo: rest,
            side: Side::Left,
        },
        CameraProblem::TooClose {
            photo: rest,
            first: MarkerRole::Pelvis,
            second: MarkerRole::Hip,
            apart_px: 40.0,
        },
        CameraProblem::CameraMoved {
            photo: lift,
            change_pct: -20.0,
        },
        CameraProblem::MarkerChanged {
            photo: lift,
            role: MarkerRole::Knee,
            change_pct: 25.0,
        },
        CameraProblem::Stretched {
            photo: lift,
            rest_tags: 2.2,
            then_tags: 2.8,
        },
        CameraProblem::LegWentDown { degrees: -6.0 },
        CameraProblem::NoLift { rise_deg: 1.0 },
        CameraProblem::Implausible { degrees: 70.0 },
        CameraProblem::NoFrames,
        CameraProblem::TooLong { got: 40_000 },
        CameraProblem::TooManySkipped {
            skipped: 40,
            total: 90,
        },
        CameraProblem::Gap {
            at_s: 1.5,
            gap_s: 0.5,
        },
        CameraProblem::NeverHeld { top_deg: 20.0 },
    ];
    let mut codes = std::collections::BTreeSet::new();
    for p in &problems {
        let text = p.to_string();
        assert!(!text.contains('\n') && !text.contains("  "), "{text:?}");
        assert!(text.contains(": "), "says what to do: {text}");
        assert!(!text.contains("the the"), "{text}");
        codes.insert(p.code());
    }
    assert_eq!(codes.len(), problems.len());
    assert!(
        problems[1]
            .to_string()
            .contains("the hip marker (H) of the right side (tag 4)")
    );
    assert!(problems[5].to_string().contains("in the frame at 2.4 s"));
    assert!(problems[12].to_string().contains("20% smaller"));
    let shrank = CameraProblem::MarkerChanged {
        photo: lift,
        role: MarkerRole::Knee,
        change_pct: -18.0,
    };
    assert!(shrank.to_string().contains("by 18%"), "{shrank}");
}
