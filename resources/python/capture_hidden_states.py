"""Capture labelled hidden states of a LLaVA-style model's captions for Assay's Probes view.

TruthPrInt (papers.md §4) probes the hidden state at the token BEFORE each object word: the
state from which the model produced that word. A caption's object words are labelled 1 =
hallucinated (not in the image's ground-truth objects, CHAIR-style) or 0 = real. This script
runs each image with its generated caption through the model once with
`output_hidden_states=True` and writes

    states.safetensors          hidden [L, N, d] (float16), one row per object word: the state at
                                the token before it; label [N] (1 = hallucinated, 0 = real);
                                group [N] (the image, so that splits never cut an image);
                                layer_index [L] (hidden_states[i] is the output of layer i; 0 is
                                the embeddings); metadata model, prompt
    captions.jsonl              one caption per line: tokens, labels (1 / 0 on object tokens,
                                -1 elsewhere), confidences (the model's probability of each
                                token when it generated it), id
    caption-states.safetensors  hidden [L, T, d]: for every caption token t (all captions, in
                                file order) the state at the token before it, the state that
                                produced t -- what the probe scores in the token view

The heart of it, for one image (transformers >= 4.45, llava-hf/llava-1.5-7b-hf):

    inputs = processor(images=image, text=prompt, return_tensors="pt").to(model.device)
    gen = model.generate(**inputs, max_new_tokens=80, do_sample=False,
                         output_scores=True, return_dict_in_generate=True)
    ids = gen.sequences                                   # prompt + caption
    with torch.no_grad():
        out = model(input_ids=ids, pixel_values=inputs["pixel_values"],
                    attention_mask=torch.ones_like(ids), output_hidden_states=True)
    hidden = [h[0].float().cpu().numpy() for h in out.hidden_states]  # L+1 of [S, d]
    start = inputs["input_ids"].shape[1]                  # first caption token
    # positions of the object words' first tokens (S-indices), each with its label:
    rows = [hidden[l][p - 1] for p in object_positions]   # the state BEFORE the object word

Usage (PyTorch, transformers and Pillow; not run in CI):

    python3 capture_hidden_states.py --model llava-hf/llava-1.5-7b-hf --out DIR \
        --objects objects.txt --annotations truth.json IMAGE [IMAGE ...]

objects.txt lists object words, one per line (e.g. COCO's 80 classes and their synonyms);
truth.json maps an image's file name to the objects it shows. `--layers 8,16,24,32` keeps some
layers (default: all). `--dtype float32` keeps full precision.

`python3 capture_hidden_states.py --synthetic DIR` writes the same three files from made-up
hidden states with known values (Debian's NumPy alone), through the same indexing; Assay's
tests read them back and run `assay-run probe` and `steer` on them.
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from assay_safetensors import save_file  # noqa: E402


def object_positions(tokens, objects, start):
    """(position, word) of each object word in the caption: the first token of every run of
    caption tokens (from `start`) that spells a word of `objects`. Tokens are strings as the
    tokenizer decodes them one by one (a leading space or "▁" starts a word)."""
    found = []
    words = []  # (first token position, word text) of the caption's words
    for p in range(start, len(tokens)):
        piece = tokens[p].replace("▁", " ")
        if piece.startswith(" ") or not words:
            words.append([p, piece.strip()])
        else:
            words[-1][1] += piece
    for p, word in words:
        w = word.strip(".,;:!?\"'()").lower()
        if w in objects or (w.endswith("s") and w[:-1] in objects):
            found.append((p, w[:-1] if w not in objects else w))
    return found


def states_before(hidden, positions, layers):
    """[len(layers), len(positions), d]: hidden[l][p - 1] for every kept layer l and position p.
    hidden: the model's hidden_states for one sequence, L + 1 arrays [S, d] (embeddings first)."""
    return np.stack([np.stack([hidden[l][p - 1] for p in positions]) for l in layers])


def caption_states(hidden, start, end, layers):
    """[len(layers), end - start, d]: for each caption token t in [start, end), hidden[l][t - 1]."""
    return np.stack([hidden[l][start - 1:end - 1] for l in layers])


class Writer:
    """Gathers images' rows and captions; write() saves the three files."""

    def __init__(self, layers, model="", prompt=""):
        self.layers, self.model, self.prompt = list(layers), model, prompt
        self.rows, self.labels, self.groups, self.tokens, self.captions = [], [], [], [], []

    def add(self, image_id, hidden, tokens, start, labelled_positions, confidences=None):
        """labelled_positions: [(position, label)] of object words (1 = hallucinated).
        confidences: the model's probability of each caption token, or None."""
        positions = [p for p, _ in labelled_positions]
        if positions:
            self.rows.append(states_before(hidden, positions, self.layers))
            self.labels += [int(y) for _, y in labelled_positions]
            self.groups += [len(self.captions)] * len(positions)
        end = len(tokens)
        self.tokens.append(caption_states(hidden, start, end, self.layers))
        by_position = dict(labelled_positions)
        caption = {"id": str(image_id), "tokens": list(tokens[start:end]),
                   "labels": [int(by_position.get(p, -1)) for p in range(start, end)]}
        if confidences is not None:
            caption["confidences"] = [float(c) for c in confidences]
        self.captions.append(caption)

    def write(self, folder, dtype="float16"):
        os.makedirs(folder, exist_ok=True)
        meta = {"model": self.model, "prompt": self.prompt,
                "state": "the token before each object word (TruthPrInt)"}
        save_file({"hidden": np.concatenate(self.rows, axis=1).astype(dtype),
                   "label": np.asarray(self.labels, np.uint8),
                   "group": np.asarray(self.groups, np.int64),
                   "layer_index": np.asarray(self.layers, np.int64)},
                  os.path.join(folder, "states.safetensors"), metadata=meta)
        with open(os.path.join(folder, "captions.jsonl"), "w", encoding="utf-8") as f:
            for c in self.captions:
                f.write(json.dumps(c, ensure_ascii=False) + "\n")
        save_file({"hidden": np.concatenate(self.tokens, axis=1).astype(dtype),
                   "layer_index": np.asarray(self.layers, np.int64)},
                  os.path.join(folder, "caption-states.safetensors"),
                  metadata=dict(meta, state="the token before each caption token"))


def capture(args):
    import torch
    from PIL import Image
    from transformers import AutoProcessor, LlavaForConditionalGeneration

    processor = AutoProcessor.from_pretrained(args.model)
    model = LlavaForConditionalGeneration.from_pretrained(
        args.model, torch_dtype=torch.float16, device_map="auto").eval()
    objects = {w.strip().lower() for w in open(args.objects, encoding="utf-8") if w.strip()}
    truth = json.load(open(args.annotations, encoding="utf-8"))
    prompt = args.prompt
    layer_count = model.config.text_config.num_hidden_layers
    layers = ([int(x) for x in args.layers.split(",")] if args.layers
              else list(range(1, layer_count + 1)))
    writer = Writer(layers, args.model, prompt)
    for path in args.images:
        image = Image.open(path).convert("RGB")
        inputs = processor(images=image, text=prompt, return_tensors="pt").to(model.device)
        with torch.no_grad():
            gen = model.generate(**inputs, max_new_tokens=args.max_new_tokens, do_sample=False,
                                 output_scores=True, return_dict_in_generate=True)
            ids = gen.sequences
            out = model(input_ids=ids, pixel_values=inputs["pixel_values"],
                        attention_mask=torch.ones_like(ids), output_hidden_states=True)
        hidden = [h[0].float().cpu().numpy() for h in out.hidden_states]
        start = inputs["input_ids"].shape[1]
        tokens = [processor.tokenizer.decode([i]) if k >= start else ""
                  for k, i in enumerate(ids[0].tolist())]
        # The probability the model gave each caption token when it chose it.
        confidences = [float(torch.softmax(s[0].float(), -1)[ids[0, start + k]])
                       for k, s in enumerate(gen.scores)][:len(tokens) - start]
        seen = {o.lower() for o in truth.get(os.path.basename(path), [])}
        labelled = [(p, 0 if w in seen else 1) for p, w in object_positions(tokens, objects, start)]
        writer.add(os.path.basename(path), hidden, tokens, start, labelled, confidences)
    writer.write(args.out, args.dtype)


def synthetic_value(caption, index, position, k, layers, next_label):
    """The made-up hidden state: hidden_states[index][position, k] of caption `caption`, exact in
    float16. next_label is the label of the token at position + 1 (1, 0, or -1 when it is not an
    object word): the states before hallucinated words lean one way, those before real words the
    other, more strongly in deeper layers, as probes find in real models."""
    base = ((caption * 7 + position * 3 + k) % 17) / 8.0 - 1.0
    lean = (index / layers) * 2.0 if k < 4 else 0.0
    return base + (lean if next_label == 1 else -lean if next_label == 0 else 0.0)


def synthetic(folder, captions=60, prompt=3, length=12, width=16, layers=4, seed=11):
    rng = np.random.default_rng(seed)
    vocab = [" a", " on", " the", " with", " next", " to", " and", " is"]
    nouns = [" dog", " cat", " sofa", " table", " car", " tree"]
    writer = Writer(range(1, layers + 1), "synthetic", "Describe the image.")
    for c in range(captions):
        tokens = [f"<p{i}>" for i in range(prompt)]
        tokens += [vocab[int(rng.integers(len(vocab)))] for _ in range(length)]
        positions = sorted(rng.choice(np.arange(prompt + 1, prompt + length), 3, replace=False))
        labelled = []
        for p in positions:
            tokens[p] = nouns[int(rng.integers(len(nouns)))]
            labelled.append((int(p), int(rng.integers(2))))
        nxt = dict(labelled)
        hidden = [np.array([[synthetic_value(c, i, s, k, layers, nxt.get(s + 1, -1))
                             for k in range(width)] for s in range(len(tokens))], np.float32)
                  for i in range(layers + 1)]
        found = object_positions(tokens, {n.strip() for n in nouns}, prompt)
        assert [p for p, _ in found] == [p for p, _ in labelled], (found, labelled)
        confidences = [0.5 + 0.5 * ((c + t) % 5) / 4.0 for t in range(length)]
        writer.add(f"synthetic{c}", hidden, tokens, prompt, labelled, confidences)
    writer.write(folder, "float16")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("images", nargs="*")
    parser.add_argument("--model", default="llava-hf/llava-1.5-7b-hf")
    parser.add_argument("--out", help="folder for the three files")
    parser.add_argument("--objects", help="object words, one per line")
    parser.add_argument("--annotations", help="JSON: image file name -> its objects")
    parser.add_argument("--prompt", default="USER: <image>\nDescribe this image in detail. "
                                            "ASSISTANT:")
    parser.add_argument("--layers", help="comma list of layers to keep (default: all)")
    parser.add_argument("--max-new-tokens", type=int, default=80)
    parser.add_argument("--dtype", choices=["float16", "float32"], default="float16")
    parser.add_argument("--synthetic", metavar="DIR")
    args = parser.parse_args()
    if args.synthetic:
        synthetic(args.synthetic)
        return
    if not (args.images and args.out and args.objects and args.annotations):
        parser.error("give --out, --objects, --annotations and images (or --synthetic DIR)")
    capture(args)


if __name__ == "__main__":
    main()
