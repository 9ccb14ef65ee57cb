"""The sentence encoder of the learned layer: all-MiniLM-L6-v2's first 4 layers,
fine-tuned on our corpus, int8 ONNX, on CPU.

Why an encoder: the lexicon knows words, not what a sentence reports; a sentence
embedding lets a small linear model trained on our written corpus decide whether a
sentence reports an event, which category and which ACLED sub-type, for wordings no
lexicon entry foresaw. The weights ship in the package (data/encoder/, exported by
scripts/finetune_encoder.py, which trains the encoder together with the heads of
data/learned.npz): no torch and no download at run time, only onnxruntime and
tokenizers.

Sentences are encoded one at a time (see `Encoder.encode`), one thread per process by
default, like the rest of the pipeline (`--workers` scales out).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

import numpy as np

MAX_TOKENS = 96
"""Word pieces kept per sentence: news sentences rarely have more, and time grows with it."""
DIMENSIONS = 384


class Encoder:
    """Unit-length sentence embeddings (mean of the token states over the attention mask,
    as sentence-transformers pools this model)."""

    def __init__(self, directory: Path | None = None, threads: int = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        directory = directory or Path(str(files("eventwire") / "data" / "encoder"))
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(directory / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: list[str]) -> np.ndarray:
        """A (len(texts), 384) float32 array, one unit vector per text, in input order.

        One sentence per run: the int8 model quantizes its activations with one scale
        per run, so a sentence padded into a batch would come out a little different
        with different neighbours, and an article's events with it. Alone, a sentence
        always gets the same vector (and no time is spent on padding)."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, encoding in enumerate(self.tokenizer.encode_batch(texts)):
            ids = np.array([encoding.ids], dtype=np.int64)
            feeds = {
                "input_ids": ids,
                "attention_mask": np.ones_like(ids),
                "token_type_ids": np.zeros_like(ids),
            }
            pooled = self.session.run(None, feeds)[0][0].mean(axis=0)
            out[row] = pooled / max(float(np.linalg.norm(pooled)), 1e-9)
        return out


@cache
def shared() -> Encoder:
    """One encoder per process: loading takes a fraction of a second and 60 MB."""
    return Encoder()
