"""Fine-tune the sentence encoder on the written corpus, export it, and write its heads.

The learned layer's first version (scripts/export_encoder.py + scripts/train_learned.py)
kept all-MiniLM-L6-v2 frozen and fitted linear heads on its embeddings: the encoder
was trained to tell paraphrases apart, not to tell an airstrike from a death toll. Here
the encoder and the same three heads (event, PLOVER categories, ACLED sub-type) are
trained together on training/corpus/train/ (never the frozen test), so the embedding
itself learns what our corpus labels. What ships is the same shape as before, so the
run time does not change: an int8 ONNX encoder whose unit-length mean-pooled output
feeds linear heads in data/learned.npz (their weights carry the pooling scale).

`--layers N` keeps the first N of the model's 6 transformer layers: the encoder costs
in proportion, and fine-tuning recovers much of what the dropped layers knew.

A tenth of the training records (by a hash of their id) is held out of fitting: the
heads' thresholds (`drop`, `gate`, `add`, as scripts/train_learned.py explains) are
chosen on it, with the rules-only pipeline's categories, and its figures are printed.
Deterministic on CPU (fixed seeds, deterministic algorithms, fixed order). About half an
hour on 2 cores for 4 layers and 3 epochs.

    pip install -e '.[train]' && python scripts/finetune_encoder.py --layers 4
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from export_encoder import write_onnx
from train_learned import (
    MIN_PAIRS,
    NONE,
    OUT,
    held_out,
    macro_f1,
    thresholds,
    training_records,
)

SCALE = 20.0
"""Heads read unit vectors times this: logits of useful size from the start."""
MAX_TOKENS = 96
CHECKPOINTS = Path.home() / ".cache" / "eventwire"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--limit", type=int, default=0, help="train on N records (a quick try)")
    parser.add_argument(
        "--out", type=Path, default=OUT.parent, help="data directory to write (the package's)"
    )
    args = parser.parse_args()

    from all_minilm_l6_v2 import extract_model
    from transformers import AutoModel, AutoTokenizer

    from eventwire.ontology import CATEGORIES

    torch.manual_seed(0)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(2)
    started = time.monotonic()

    records = training_records()
    held = [r for r in records if held_out(r["id"])]
    fitted = [r for r in records if not held_out(r["id"])]
    if args.limit:
        fitted = fitted[: args.limit]
    acled_labels = sorted({label for r in records if (label := acled_label(r))})

    tmp = tempfile.TemporaryDirectory()
    model_dir = extract_model(tmp.name)
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    bert = AutoModel.from_pretrained(model_dir)
    bert.encoder.layer = bert.encoder.layer[: args.layers]
    bert.config.num_hidden_layers = args.layers
    model = Tagger(bert, len(CATEGORIES), len(acled_labels))

    def targets(batch: list[dict]) -> tuple:
        event = torch.tensor([float(bool(r["events"])) for r in batch])
        cats = torch.tensor(
            [[float(any(e["event"] == c for e in r["events"])) for c in CATEGORIES] for r in batch]
        )
        labels = [acled_label(r) for r in batch]
        acled = torch.tensor([acled_labels.index(x) if x else -100 for x in labels])
        return event, cats, acled

    order = np.random.default_rng(0)
    steps = args.epochs * math.ceil(len(fitted) / args.batch)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / (0.06 * steps)) * max(0.0, 1 - s / steps)
    )
    bce = torch.nn.BCEWithLogitsLoss()
    ce = torch.nn.CrossEntropyLoss(ignore_index=-100)
    step = 0
    for epoch in range(args.epochs):
        model.train()
        for batch in batches(fitted, args.batch, order):
            event, cats, acled = targets(batch)
            inputs = tokenizer(
                [r["text"] for r in batch],
                padding=True,
                truncation=True,
                max_length=MAX_TOKENS,
                return_tensors="pt",
            )
            out_event, out_cats, out_acled = model(inputs)
            loss = bce(out_event, event) + bce(out_cats, cats) * len(CATEGORIES) / 4
            if (acled >= 0).any():
                loss = loss + ce(out_acled, acled)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            step += 1
            if step % 50 == 0:
                print(
                    f"  epoch {epoch + 1} step {step}/{steps} loss {loss.item():.3f} "
                    f"({time.monotonic() - started:.0f} s)",
                    flush=True,
                )
    model.eval()
    checkpoint = CHECKPOINTS / f"finetuned-{args.layers}-layers"
    bert.save_pretrained(checkpoint)
    tokenizer.save_pretrained(checkpoint)
    print(f"saved the fine-tuned weights to {checkpoint} (re-export without retraining)")

    # The held-out records, scored as the pipeline will score them: by the int8 export.
    encoder_dir = args.out / "encoder"
    write_onnx(bert, tokenizer, model_dir, encoder_dir)
    heads = model.heads_arrays()
    from eventwire.pipeline.encoder import Encoder

    vectors = Encoder(encoder_dir, threads=2).encode([r["text"] for r in held])
    event_p = sigmoid(vectors @ heads["event_w"] + heads["event_b"])
    category_p = sigmoid(vectors @ heads["category_w"].T + heads["category_b"])
    acled_p = vectors @ heads["acled_w"].T + heads["acled_b"]
    report(held, event_p, category_p, acled_p, CATEGORIES, acled_labels)
    drop, gate, add, _ = thresholds(held, event_p, category_p, CATEGORIES)

    pairs: dict[tuple[str, str], int] = {}
    for r in records:
        for e in r["events"]:
            if e.get("acled") and e.get("status") == "occurred":
                pairs[(e["event"], e["acled"])] = pairs.get((e["event"], e["acled"]), 0) + 1
    compatible = np.array(
        [
            [label == NONE or pairs.get((c, label), 0) >= MIN_PAIRS for label in acled_labels]
            for c in CATEGORIES
        ]
    )
    np.savez_compressed(
        args.out / OUT.name,
        **heads,
        category_labels=np.array(CATEGORIES),
        acled_labels=np.array(acled_labels),
        compatible=compatible,
        drop=np.float32(drop),
        gate=np.float32(gate),
        add=np.float32(add),
        trained_on=np.array(
            f"all-MiniLM-L6-v2, first {args.layers} layers, fine-tuned {args.epochs} epochs "
            f"on {len(fitted)} records of training/corpus/train; thresholds on {len(held)} more"
        ),
    )
    tmp.cleanup()
    print(f"wrote {args.out / OUT.name} and {encoder_dir} in {time.monotonic() - started:.0f} s")
    return 0


class Tagger(torch.nn.Module):
    """The encoder and its three heads, trained as one module."""

    def __init__(self, bert, categories: int, acled: int) -> None:
        super().__init__()
        self.bert = bert
        size = bert.config.hidden_size
        self.event = torch.nn.Linear(size, 1)
        self.categories = torch.nn.Linear(size, categories)
        self.acled = torch.nn.Linear(size, acled)

    def forward(self, inputs):
        states = self.bert(**inputs).last_hidden_state
        mask = inputs["attention_mask"].unsqueeze(-1).float()
        pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        unit = torch.nn.functional.normalize(pooled, dim=-1) * SCALE
        return self.event(unit).squeeze(-1), self.categories(unit), self.acled(unit)

    def heads_arrays(self) -> dict[str, np.ndarray]:
        """The heads as the pipeline applies them to unit vectors (the scale folded in)."""

        def weight(layer: torch.nn.Linear) -> np.ndarray:
            return (layer.weight.detach().numpy() * SCALE).astype(np.float32)

        def bias(layer: torch.nn.Linear) -> np.ndarray:
            return layer.bias.detach().numpy().astype(np.float32)

        return {
            "event_w": weight(self.event)[0],
            "event_b": bias(self.event)[0],
            "category_w": weight(self.categories),
            "category_b": bias(self.categories),
            "acled_w": weight(self.acled),
            "acled_b": bias(self.acled),
        }


def batches(records: list[dict], size: int, rng: np.random.Generator):
    """Shuffled batches of records of similar length (less padding, same order each run)."""
    index = rng.permutation(len(records))
    chunk = size * 50
    for start in range(0, len(index), chunk):
        part = sorted(index[start : start + chunk], key=lambda i: len(records[i]["text"]))
        groups = [part[i : i + size] for i in range(0, len(part), size)]
        for g in rng.permutation(len(groups)):
            yield [records[i] for i in groups[g]]


def acled_label(record: dict) -> str | None:
    """The record's ACLED sub-type (NONE when its events have none), or None when it has
    no event or its occurred events have several sub-types (no single label to learn)."""
    kinds = {e.get("acled") for e in record["events"] if e.get("status") == "occurred"}
    kinds.discard(None)
    if not record["events"] or len(kinds) > 1:
        return None
    return kinds.pop() if kinds else NONE


def report(held, event_p, category_p, acled_logits, categories, acled_labels) -> None:
    gold_event = np.array([bool(r["events"]) for r in held])
    guess = event_p >= 0.5
    tp = int((guess & gold_event).sum())
    f1 = 2 * tp / max(int(guess.sum()) + int(gold_event.sum()), 1)
    gold = [{e["event"] for e in r["events"]} for r in held]
    found = [{c for c, p in zip(categories, row, strict=True) if p >= 0.5} for row in category_p]
    tp = sum(len(g & f) for g, f in zip(gold, found, strict=True))
    wrong = sum(len(g ^ f) for g, f in zip(gold, found, strict=True))
    keep = [i for i, r in enumerate(held) if acled_label(r) and acled_label(r) != NONE]
    y = np.array([acled_label(held[i]) for i in keep])
    picked = np.array(acled_labels)[acled_logits[keep].argmax(axis=1)]
    print(
        f"held-out ({len(held)} records): event F1 {f1:.3f}; (record, category) F1 at 0.5 "
        f"{2 * tp / max(2 * tp + wrong, 1):.3f}; ACLED sub-type accuracy "
        f"{float((y == picked).mean()):.3f}, macro F1 {macro_f1(y, picked):.3f}"
    )


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


if __name__ == "__main__":
    sys.exit(main())
