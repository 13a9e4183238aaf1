//! What a camera trial keeps: its JSON round trip, the shapes refused, and the angles worked
//! out again from it matching those measured at the time.

use super::*;

fn photo_evidence(body: &Body) -> CameraEvidence {
    let (rest, lift) = body.photos();
    CameraEvidence::photos(rest, lift, None)
}

#[test]
fn photo_evidence_gives_back_the_photos_angles_and_survives_json() {
    let body = Body {
        hip: 12.0,
        pelvis: 4.0,
        ..Body::default()
    };
    let evidence = photo_evidence(&body);
    let found = evidence.analyse(body.side).unwrap();
    let direct = body.analyse().unwrap();
    assert_eq!(found, CameraFinding::from(direct));
    assert_eq!(found.pelvis_advice(), direct.pelvis_advice());
    let advice = found.pelvis_advice().unwrap();
    assert!(
        advice.contains(&format!("tipped {:.1}°", found.pelvis)),
        "{advice}"
    );
    assert!((found.pelvis - 4.0).abs() < 0.5, "{found:?}");
    assert!(found.recording.is_none());

    let json = serde_json::to_value(&evidence).unwrap();
    assert!(
        json.get("lift").is_some() && json.get("frames").is_none(),
        "{json}"
    );
    assert!(json.get("tilt").is_none(), "{json}");
    let back: CameraEvidence = serde_json::from_value(json).unwrap();
    assert_eq!(back, evidence);
}

#[test]
fn recording_evidence_finds_the_held_top_and_survives_json() {
    let body = Body {
        hip: 16.0,
        pelvis: 2.0,
        ..Body::default()
    };
    let mut rng = Rng::new(5);
    let rest = body.frame_at(0.0, 0.0, false, &mut rng);
    // Rest for half a second, up over half a second, held for two: 10 frames a second.
    let frames: Vec<TimedFrame> = (0..=40u64)
        .map(|k| {
            let share = (k.saturating_sub(5) as f64 / 5.0).min(1.0);
            TimedFrame {
                t_ms: k * 100,
                markers: body.frame_at(16.0 * share, 2.0 * share, true, &mut rng),
            }
        })
        .collect();
    let evidence = CameraEvidence::recording(rest, frames);
    let found = evidence.analyse(body.side).unwrap();
    assert!((found.rise.value() - 18.0).abs() < 0.5, "{found:?}");
    assert!(found.pelvis_advice().is_none(), "{found:?}");
    let held = found.recording.unwrap();
    assert_eq!((held.frames_used, held.frames_skipped), (41, 0));
    assert!(held.held_ms >= 1000, "{held:?}");
    assert!(found.camera_tilt_deg.is_none());

    let json = serde_json::to_string(&evidence).unwrap();
    let back: CameraEvidence = serde_json::from_str(&json).unwrap();
    assert_eq!(back.analyse(body.side).unwrap(), found);
}

#[test]
fn evidence_with_both_lifts_neither_or_a_recordings_tilt_is_refused() {
    let evidence = photo_evidence(&Body::default());
    let mut json = serde_json::to_value(&evidence).unwrap();
    let lift = json["lift"].clone();
    json["frames"] = serde_json::json!([{"t_ms": 0, "markers": lift}]);
    let both = serde_json::from_value::<CameraEvidence>(json.clone()).unwrap_err();
    assert!(both.to_string().contains("not both"), "{both}");

    json.as_object_mut().unwrap().remove("lift");
    let pose = serde_json::json!({"beta": 90.0, "gamma": 0.0});
    json["tilt"] = serde_json::json!({"rest": pose, "lift": pose});
    let tilted = serde_json::from_value::<CameraEvidence>(json.clone()).unwrap_err();
    assert!(
        tilted.to_string().contains("not with a recording"),
        "{tilted}"
    );

    json.as_object_mut().unwrap().remove("frames");
    json.as_object_mut().unwrap().remove("tilt");
    let neither = serde_json::from_value::<CameraEvidence>(json).unwrap_err();
    assert!(neither.to_string().contains("give the lift"), "{neither}");
}

#[test]
fn evidence_whose_markers_are_not_numbers_or_off_the_image_is_refused_when_read() {
    let evidence = photo_evidence(&Body::default());
    let mut json = serde_json::to_value(&evidence).unwrap();
    json["rest"]["markers"][0]["centre"] = serde_json::json!([1.0e9, 5.0]);
    let err = serde_json::from_value::<CameraEvidence>(json).unwrap_err();
    assert!(err.to_string().contains("outside"), "{err}");
}
