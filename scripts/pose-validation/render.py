"""Renders the pose-validation images: a jointed mannequin lying prone on a bench, seen from the
side, with one leg raised by a known angle. Each image's true angles come from the mannequin's own
joint positions, so the markerless estimate can be scored against the truth.

Usage: render.py OUT_DIR   (writes OUT_DIR/*.jpg and OUT_DIR/truth.json)
"""

import json
import math
import sys
from pathlib import Path

import numpy as np
from mannequin import Mannequin
from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 960, 540
SUPERSAMPLE = 2
HORIZONTAL_FOV_DEG = 62.0  # a phone's main camera, landscape
CAMERA_DISTANCE_M = 2.4
RAISES_DEG = [0, 5, 10, 15, 20, 25, 30, 35, 40]

# side: which leg is raised, and so on which side of the body the camera stands (the helper
# photographs the leg under test). elevation: the camera's height above the hip, as an angle.
SETTINGS = [
    {"side": "left", "elevation_deg": 0.0, "light": "bright"},
    {"side": "right", "elevation_deg": 0.0, "light": "dim"},
    {"side": "left", "elevation_deg": 15.0, "light": "dim"},
    {"side": "right", "elevation_deg": 15.0, "light": "bright"},
]

LIGHTS = {
    # direction towards the light (world, y up), strength, ambient, wall colour
    "bright": (np.array([0.2, 1.0, 0.3]), 0.75, 0.35, (226, 230, 236)),
    "dim": (np.array([-0.6, 0.7, -0.5]), 0.5, 0.22, (120, 112, 104)),
}

WOOD = np.array([0.82, 0.62, 0.42])
BENCH = np.array([0.30, 0.36, 0.46])
FLOOR = np.array([0.45, 0.42, 0.40])


def rotation(axis, degrees):
    """Axis-angle vector for a rotation about a unit axis."""
    return np.asarray(axis, dtype=float) * math.radians(degrees)


def pose_for(model, side, raise_deg):
    pose = model.rest_pose()
    body = pose["body_pose"].copy()
    # Arms down by the sides instead of the T-pose, so the trunk line is clear from the side.
    body[model.joint_index("L_Shoulder") - 1] = rotation([0, 0, 1], -78)
    body[model.joint_index("R_Shoulder") - 1] = rotation([0, 0, 1], 78)
    hip = "L_Hip" if side == "left" else "R_Hip"
    # Hip extension: the thigh swings backwards, which lying prone is up off the bench.
    body[model.joint_index(hip) - 1] = rotation([1, 0, 0], raise_deg)
    pose["body_pose"] = body
    # Prone: the figure's front faces down, its head along +z.
    pose["global_rotation"] = rotation([1, 0, 0], 90)
    return pose


def joints(model, pose):
    return model.joint_transforms(pose)[:, :3, 3]


def sagittal_angle(vector):
    """Angle of a vector above the horizontal, in the body's plane (y up, z along the body)."""
    return math.degrees(math.atan2(vector[1], math.hypot(vector[2], 0.0)))


def truth_for(model, side, raise_deg):
    rest = joints(model, pose_for(model, side, 0))
    lifted = joints(model, pose_for(model, side, raise_deg))
    prefix = "L_" if side == "left" else "R_"
    hip, knee = model.joint_index(prefix + "Hip"), model.joint_index(prefix + "Knee")
    shoulder = model.joint_index(prefix + "Shoulder")

    def thigh(j):
        d = j[knee] - j[hip]
        return math.degrees(math.atan2(d[1], -d[2]))

    def trunk(j):
        d = j[hip] - j[shoulder]
        return math.degrees(math.atan2(d[1], -d[2]))

    rise = thigh(lifted) - thigh(rest)
    hip_extension = (thigh(lifted) - trunk(lifted)) - (thigh(rest) - trunk(rest))
    return round(rise, 2), round(hip_extension, 2)


def box(lo, hi):
    x0, y0, z0 = lo
    x1, y1, z1 = hi
    v = np.array(
        [[x0, y0, z0], [x1, y0, z0], [x1, y1, z0], [x0, y1, z0],
         [x0, y0, z1], [x1, y0, z1], [x1, y1, z1], [x0, y1, z1]]
    )
    quads = [(0, 1, 2, 3), (4, 7, 6, 5), (0, 4, 5, 1), (3, 2, 6, 7), (0, 3, 7, 4), (1, 5, 6, 2)]
    faces = []
    for a, b, c, d in quads:
        faces += [(a, b, c), (a, c, d)]
    return v, np.array(faces)


def scene(model, pose):
    verts = model.vertices(pose)
    faces = np.asarray(model.faces)
    lowest = verts[:, 1].min()
    zmin, zmax = verts[:, 2].min(), verts[:, 2].max()
    bench_v, bench_f = box((-0.32, lowest - 0.55, zmin - 0.05), (0.32, lowest, zmax + 0.05))
    floor_v, floor_f = box((-3, lowest - 0.57, -4), (3, lowest - 0.55, 4))
    parts = [(verts, faces, WOOD), (bench_v, bench_f, BENCH), (floor_v, floor_f, FLOOR)]
    all_v, all_f, colours, offset = [], [], [], 0
    for v, f, c in parts:
        all_v.append(v)
        all_f.append(f + offset)
        colours.append(np.repeat(c[None, :], len(f), axis=0))
        offset += len(v)
    return np.concatenate(all_v), np.concatenate(all_f), np.concatenate(colours)


def camera_for(model, pose, side, elevation_deg, azimuth_deg=0.0):
    hip = joints(model, pose)[model.joint_index("Pelvis")]
    sign = 1.0 if side == "left" else -1.0  # the figure's left is +x
    e, a = math.radians(elevation_deg), math.radians(azimuth_deg)
    # azimuth swings the camera from square to the side towards the feet (-z).
    eye = hip + CAMERA_DISTANCE_M * np.array(
        [sign * math.cos(e) * math.cos(a), math.sin(e), -math.cos(e) * math.sin(a)]
    )
    forward = hip - eye
    forward /= np.linalg.norm(forward)
    right = np.cross(forward, [0.0, 1.0, 0.0])
    right /= np.linalg.norm(right)
    up = np.cross(right, forward)
    return eye, forward, right, up


def render(model, setting, raise_deg, azimuth_deg=0.0, with_person=True):
    pose = pose_for(model, setting["side"], raise_deg)
    # The camera stays where it was for the rest photo: the helper does not move it.
    rest_pose = pose_for(model, setting["side"], 0)
    eye, forward, right, up = camera_for(
        model, rest_pose, setting["side"], setting["elevation_deg"], azimuth_deg
    )
    verts, faces, colours = scene(model, pose)
    if not with_person:
        person_faces = len(model.faces)
        faces, colours = faces[person_faces:], colours[person_faces:]
    light_dir, strength, ambient, wall = LIGHTS[setting["light"]]
    light_dir = light_dir / np.linalg.norm(light_dir)

    w, h = WIDTH * SUPERSAMPLE, HEIGHT * SUPERSAMPLE
    focal = (w / 2) / math.tan(math.radians(HORIZONTAL_FOV_DEG / 2))
    rel = verts - eye
    depth = rel @ forward
    px = w / 2 + focal * (rel @ right) / depth
    py = h / 2 - focal * (rel @ up) / depth

    tri = verts[faces]
    normals = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    normals /= np.linalg.norm(normals, axis=1, keepdims=True) + 1e-12
    centres = tri.mean(axis=1)
    to_eye = eye - centres
    facing = np.einsum("ij,ij->i", normals, to_eye)
    # Faces seen from behind are lit as if turned towards the camera: the mannequin's mesh is
    # not consistently wound, so culling would punch holes in it.
    normals[facing < 0] *= -1
    lambert = np.clip(normals @ light_dir, 0, 1)
    shade = np.clip(ambient + strength * lambert, 0, 1)
    rgb = np.clip(colours * shade[:, None] * 255, 0, 255).astype(np.uint8)

    image = Image.new("RGB", (w, h), wall)
    draw = ImageDraw.Draw(image)
    tri_depth = depth[faces].mean(axis=1)
    visible = depth[faces].min(axis=1) > 0.05
    order = np.argsort(-tri_depth)
    for i in order:
        if not visible[i]:
            continue
        a, b, c = faces[i]
        draw.polygon(
            [(px[a], py[a]), (px[b], py[b]), (px[c], py[c])], fill=tuple(int(x) for x in rgb[i])
        )
    image = image.filter(ImageFilter.GaussianBlur(0.6)).resize((WIDTH, HEIGHT), Image.LANCZOS)
    # Sensor noise, seeded so the images are the same on every run.
    seed = int(raise_deg * 10 + setting["elevation_deg"] * 1000) + (7 if setting["side"] == "left" else 3)
    noise = np.random.default_rng(seed).normal(0, 3.0, (HEIGHT, WIDTH, 3))
    pixels = np.clip(np.asarray(image, dtype=float) + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(pixels)


def head_points(side):
    # Camera on the figure's left (+x) looking towards -x: the head (+z) is on the image's left.
    return "left" if side == "left" else "right"


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    model = Mannequin("wooden")
    cases = []
    for setting in SETTINGS:
        for raise_deg in RAISES_DEG:
            name = "{side}-cam{elev:02d}-{light}-{deg:02d}.jpg".format(
                side=setting["side"], elev=int(setting["elevation_deg"]),
                light=setting["light"], deg=raise_deg,
            )
            render(model, setting, raise_deg).save(out / name, quality=88)
            rise, hip_extension = truth_for(model, setting["side"], raise_deg)
            cases.append({
                "file": name,
                "side": setting["side"],
                "head": head_points(setting["side"]),
                "camera_elevation_deg": setting["elevation_deg"],
                "light": setting["light"],
                "raise_deg": raise_deg,
                "rest_file": name[: -len("00.jpg")] + "00.jpg",
                "true_rise_deg": rise,
                "true_hip_extension_deg": hip_extension,
            })
            print(name, rise, hip_extension, flush=True)
    # Refusal cases: the bench with nobody on it, and the body seen from near its feet.
    render(model, SETTINGS[0], 0, with_person=False).save(out / "empty-bench.jpg", quality=88)
    render(model, SETTINGS[0], 20, azimuth_deg=65).save(out / "from-the-feet-20.jpg", quality=88)
    (out / "truth.json").write_text(json.dumps({"cases": cases}, indent=1) + "\n")


if __name__ == "__main__":
    main()
