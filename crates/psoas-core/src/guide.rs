//! What the subject and the helper are told at each step, in the product's own words.

use serde::Serialize;

use crate::Side;
use crate::exercise_choice::{StrengthenTechnique, StretchOption};
use crate::measurement::Test;

/// The disclaimer shown wherever the protocol starts.
pub const DISCLAIMER: &str = "psoas gives general education about a self-help routine. It is not \
     medical advice and does not diagnose anything. Stop any step that hurts, and see a clinician \
     for pain that is severe, lasting or getting worse.";

/// Instructions for the two people, side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instructions {
    /// For the person being tested.
    pub subject: String,
    /// For the person helping.
    pub helper: String,
}

/// How to run a test; each side is done the same way, alternating sides.
pub fn test(test: Test) -> Instructions {
    match test {
        Test::LegRaise => Instructions {
            subject: "Lie face down on a firm surface, legs straight, forehead resting on your \
                      hands. Keep both hip bones pressed to the surface. Tighten the buttock \
                      of the side being tested and lift that straight leg as high as it goes \
                      without twisting or arching your back, hold it for a moment, then lower \
                      it. Stop and say so if it hurts."
                .to_string(),
            helper: "Kneel beside the leg being tested. If the pelvis lifts, rest a hand on \
                     the lower back to keep it flat. Read how high the leg rose at its highest \
                     point: the angle of the thigh from the surface (goniometer or \
                     inclinometer on the back of the thigh, halfway between buttock crease and \
                     knee), or the heel's height above the surface with a tape measure. Read \
                     both sides the same way."
                .to_string(),
        },
        Test::Strength => Instructions {
            subject: "Lie on your back. Bend the knee of the side being tested and pull it \
                      toward your chest, to a little past a right angle at the hip. When your \
                      helper pushes, hold your knee where it is as firmly as you can for about \
                      three seconds. Stop and say so if it hurts."
                .to_string(),
            helper: "Stand at the side being tested. Place one hand on the front of the bent \
                     knee and push it steadily away, toward the feet, building up over about \
                     two seconds; do not jerk. Note whether the knee held or gave way, a grade \
                     from 0 to 5, or the force on the dynamometer. Push with the same effort \
                     on both sides."
                .to_string(),
        },
    }
}

/// How to do a stretch on the tight side.
pub fn stretch(option: StretchOption, side: Side) -> Instructions {
    let other = side.other();
    match option {
        StretchOption::EdgeOfBed => Instructions {
            subject: format!(
                "Lie on your back close to the {side} edge of a bed or couch. Pull your {other} \
                 knee gently toward your chest and hold it there. Let your straight {side} leg \
                 slide off the edge and hang toward the floor, knee straight, reaching gently \
                 down. Breathe out and let it sink during each hold; lift it back to rest during \
                 each release. You should feel a stretch at the front of the {side} hip, never \
                 sharp pain."
            ),
            helper: format!(
                "Stand by the {side} edge and watch that the subject stays on the bed and the \
                 {side} knee stays straight. Call out each hold and release with the timer. You \
                 may rest a hand lightly on the {side} thigh to help it relax downward, but do \
                 not push. Stop at once if the subject reports sharp pain or tingling."
            ),
        },
        StretchOption::FoamRoller => Instructions {
            subject: format!(
                "Lie on your back with a foam roller across and under your {side} buttock, so \
                 the {side} hip is raised. Bend your {other} knee and keep that foot flat on the \
                 floor. Straighten your {side} leg and let it relax down toward the floor. Stay \
                 still and breathe slowly until the timer ends, then roll off to the side."
            ),
            helper: format!(
                "Check that the roller sits under the {side} buttock, not the lower back, and \
                 that the {side} leg stays straight and relaxed. Keep the timer and tell the \
                 subject when time is up. Stop if the subject reports sharp pain or tingling."
            ),
        },
    }
}

/// How to do a strengthening technique for the weak side.
pub fn strengthen(technique: StrengthenTechnique, weak: Side) -> Instructions {
    let worked = technique.worked_side(weak);
    match technique {
        StrengthenTechnique::AbdomenStrongSide => Instructions {
            subject: format!(
                "Lie on your back with both knees bent and your feet flat. Let your belly relax \
                 and breathe slowly. Your helper works on the {worked} (strong) side of your \
                 belly; say at once if it is painful rather than just firm."
            ),
            helper: format!(
                "Find the bony point at the front of the hip on the {worked} side (the strong \
                 side; {weak} is the weak one). Place your fingertips just above and inside it, \
                 on the soft belly. Press in slowly as the subject breathes out and make small, \
                 slow circles; ease off as they breathe in. Keep the pressure firm but \
                 comfortable for the whole time. Do not use this technique in pregnancy, after \
                 belly surgery, with a hernia or a known aortic aneurysm: choose technique b."
            ),
        },
        StrengthenTechnique::GluteWeakSide => Instructions {
            subject: format!(
                "Lie face down, arms by your sides, and relax. Your helper works on your {worked} \
                 buttock, the weak side; say if anything is painful rather than just firm."
            ),
            helper: format!(
                "Kneel on the subject's {worked} side (the weak side). With the heel of your hand \
                 or your thumbs, press into the middle of the {worked} buttock and knead it in \
                 slow circles, working across the whole muscle from the hip bone to the crease. \
                 Keep a steady, comfortable pressure for the whole time."
            ),
        },
    }
}

/// The caution asked about before technique a.
pub const ABDOMEN_CAUTION: &str = "Technique a presses on the belly. Skip it (use technique b) \
     with pregnancy, a hernia, a known aortic aneurysm, or belly surgery in the past year.";
