"""Capture the patch features LLaVA-1.5 gives its projector, for Assay's Token windows view.

LLaVA-1.5 runs CLIP ViT-L/14-336 (openai/clip-vit-large-patch14-336) on a 336x336 image (24x24
patches of 14 px, plus a CLS token) and feeds its projector hidden_states[-2]
(mm_vision_select_layer = -2) with the CLS row dropped: 576 tokens of 1024. WiCo's trainable
block starts one layer earlier, from hidden_states[-3]. This script writes both, as grids, with
the CLS token's attention over the patches:

    features    [24, 24, 1024]  hidden_states[-2][:, 1:]      (B images: [B, 24, 24, 1024])
    features_b  [24, 24, 1024]  hidden_states[-3][:, 1:]      (--second)
    attention   [576]           attentions[-1][:, :, 0, 1:] averaged over heads (--attention;
                                --attention-layer picks another layer)
    metadata    grid "24x24", cls "false", model, layer, preprocess, images

Usage (PyTorch, transformers and Pillow; not run in CI):

    python3 capture_clip_features.py --out cat.safetensors [--preprocess pad|crop] \
        [--second] [--attention] [--dtype float16|float32] IMAGE [IMAGE ...]

Preprocessing: `pad` (LLaVA-1.5's image_aspect_ratio = pad) centres the photograph on a square
of the CLIP mean colour (expand2square) before CLIP's processor resizes it to 336; `crop` is
CLIP's own shortest-side resize and centre crop. Give the view the same choice (Preprocess).

`python3 capture_clip_features.py --synthetic OUT.safetensors` writes a file from made-up hidden
states (Debian's NumPy alone) through the same indexing, which Assay's tests read back.
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from assay_safetensors import save_file  # noqa: E402

MODEL = "openai/clip-vit-large-patch14-336"


def expand2square(image, background):
    """LLaVA's expand2square: the image centred on a square of `background`."""
    from PIL import Image
    width, height = image.size
    if width == height:
        return image
    side = max(width, height)
    result = Image.new(image.mode, (side, side), background)
    result.paste(image, ((side - width) // 2, (side - height) // 2))
    return result


def to_numpy(t):
    return t.detach().float().cpu().numpy() if hasattr(t, "detach") else np.asarray(t, np.float32)


def features_from_outputs(hidden_states, attentions=None, select_layer=-2, second=False,
                          attention_layer=-1):
    """Tensors for Assay from a CLIP vision tower's outputs.

    hidden_states: the tuple of [B, 1 + N, D] per layer (embeddings first), attentions: the
    tuple of [B, heads, 1 + N, 1 + N] per layer, or None. Returns {name: array} with grids
    [B, H, W, D] (N must be a square) and the attention [B, N].
    """
    hidden = to_numpy(hidden_states[select_layer])
    batch, tokens, dim = hidden.shape
    side = int(round((tokens - 1) ** 0.5))
    if side * side != tokens - 1:
        raise ValueError(f"{tokens - 1} patch tokens are not a square grid")
    out = {"features": hidden[:, 1:].reshape(batch, side, side, dim)}
    if second:
        out["features_b"] = to_numpy(hidden_states[select_layer - 1])[:, 1:].reshape(
            batch, side, side, dim)
    if attentions is not None:
        attn = to_numpy(attentions[attention_layer])  # [B, heads, 1 + N, 1 + N]
        out["attention"] = attn[:, :, 0, 1:].mean(axis=1)
    return out


def save(path, tensors, images, preprocess, dtype="float16", select_layer=-2, model=MODEL):
    single = len(images) == 1
    data = {}
    for name, value in tensors.items():
        if name != "attention":
            value = value.astype(dtype)
        data[name] = value[0] if single else value
    grid = data["features"].shape[-3:-1]
    metadata = {"grid": f"{grid[0]}x{grid[1]}", "cls": "false", "model": model,
                "layer": str(select_layer), "preprocess": preprocess,
                "images": "\n".join(os.path.basename(p) for p in images)}
    save_file(data, path, metadata=metadata)


def capture(args):
    import torch
    from PIL import Image
    from transformers import CLIPImageProcessor, CLIPVisionModel

    processor = CLIPImageProcessor.from_pretrained(MODEL)
    kwargs = {"torch_dtype": torch.float32}
    if args.attention:
        kwargs["attn_implementation"] = "eager"  # sdpa returns no attention weights
    try:
        model = CLIPVisionModel.from_pretrained(MODEL, **kwargs).eval()
    except TypeError:  # transformers before 4.36 has no attn_implementation
        kwargs.pop("attn_implementation", None)
        model = CLIPVisionModel.from_pretrained(MODEL, **kwargs).eval()
    mean_colour = tuple(int(x * 255) for x in processor.image_mean)  # (122, 116, 104)
    images = []
    for path in args.images:
        image = Image.open(path).convert("RGB")
        if args.preprocess == "pad":
            image = expand2square(image, mean_colour)
        images.append(image)
    pixels = processor(images=images, return_tensors="pt")["pixel_values"]
    with torch.no_grad():
        out = model(pixels, output_hidden_states=True, output_attentions=args.attention)
    tensors = features_from_outputs(out.hidden_states, out.attentions if args.attention else None,
                                    second=args.second, attention_layer=args.attention_layer)
    save(args.out, tensors, args.images, args.preprocess, args.dtype)


def synthetic(path, batch=2, layers=4, side=3, dim=5, heads=2):
    """Made-up outputs with known values: hidden[l][b, t, d] = 100 l + 10 b + t + d / 8,
    attention[l][b, h, 0, t] = (l + 1) (h + 1) (t + 1) / 64 (other rows 0)."""
    tokens = 1 + side * side
    l, b, t, d = np.meshgrid(np.arange(layers + 1), np.arange(batch), np.arange(tokens),
                             np.arange(dim), indexing="ij")
    hidden = (100.0 * l + 10.0 * b + t + d / 8.0).astype(np.float32)
    attn = np.zeros((layers, batch, heads, tokens, tokens), np.float32)
    for li in range(layers):
        for h in range(heads):
            attn[li, :, h, 0, :] = (li + 1) * (h + 1) * (np.arange(tokens) + 1) / 64.0
    tensors = features_from_outputs(tuple(hidden), tuple(attn), second=True)
    save(path, tensors, [f"synthetic{i}.png" for i in range(batch)], "pad", "float32",
         model="synthetic")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("images", nargs="*")
    parser.add_argument("--out")
    parser.add_argument("--preprocess", choices=["pad", "crop"], default="pad")
    parser.add_argument("--second", action="store_true", help="also hidden_states[-3]")
    parser.add_argument("--attention", action="store_true", help="CLS attention over patches")
    parser.add_argument("--attention-layer", type=int, default=-1)
    parser.add_argument("--dtype", choices=["float16", "float32"], default="float16")
    parser.add_argument("--synthetic", metavar="OUT")
    args = parser.parse_args()
    if args.synthetic:
        synthetic(args.synthetic)
        return
    if not args.images or not args.out:
        parser.error("give --out and at least one image (or --synthetic OUT)")
    capture(args)


if __name__ == "__main__":
    main()
