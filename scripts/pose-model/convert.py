"""Converts MediaPipe's BlazePose full landmark model (TFLite) to the ONNX file psoas ships.

Run by scripts/pose-model/make, which pins the packages and checks both checksums. The stock
tflite2onnx 0.4.1 rewrites a PAD op's constant `paddings` tensor in place when it converts the
layout from NHWC to NCHW; in this model several PAD ops share one such tensor, so the stock
converter rewrites it once per op and the second pass fails (or, worse, pads the wrong axes).
The guard below rewrites each shared tensor once, and refuses if two ops sharing it would need
different layouts, so the output is either right or not written.
"""

import sys

import onnx
import tflite2onnx
from tflite2onnx.op import padding


def guard_shared_pad_constants():
    stock_transform = padding.Padding.transform
    seen = {}

    def transform_once(op):
        pads = op.inputs[1]
        layout = op.inputs[0].layout
        perm = None if layout is None else tuple(layout.perm)
        if id(pads) in seen:
            if seen[id(pads)] != perm:
                raise SystemExit(
                    f"PAD constant {pads.name} is shared by ops with different layouts"
                )
            return
        seen[id(pads)] = perm
        stock_transform(op)

    padding.Padding.transform = transform_once


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: convert.py MODEL.tflite OUT.onnx")
    guard_shared_pad_constants()
    tflite2onnx.convert(sys.argv[1], sys.argv[2])
    make_deterministic(sys.argv[2])


def make_deterministic(path):
    """The converter lists initializers and value infos in an order that follows object
    addresses, so two runs differ byte for byte. Their order carries no meaning in ONNX;
    sorting them by name makes the file, and so its checksum, the same on every run."""
    model = onnx.load(path)
    graph = model.graph
    for field in (graph.initializer, graph.value_info):
        ordered = sorted(field, key=lambda entry: entry.name)
        del field[:]
        field.extend(ordered)
    onnx.save(model, path)


if __name__ == "__main__":
    main()
