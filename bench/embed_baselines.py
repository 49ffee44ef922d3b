"""Embedding baselines for `ats bench embed`: sentence-transformers on
PyTorch, and onnxruntime on an fp32 ONNX export of the same safetensors, over
the same sentences and batch sizes with the same thread count. Prints one
JSON object: {"sentence-transformers": {"1": s/s, "8": ..., "32": ...},
"onnxruntime": {...}}; an engine that cannot run reports {"error": ...}."""
import json
import os
import sys
import tempfile
import time


def timed(fn, sentences, batch, passes):
    best = None
    for _ in range(passes):
        start = time.perf_counter()
        for i in range(0, len(sentences), batch):
            fn(sentences[i : i + batch])
        took = time.perf_counter() - start
        best = took if best is None else min(best, took)
    return len(sentences) / best


def main():
    model_dir, sentences_file, threads, passes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    batches = [int(b) for b in sys.argv[5].split(",")]
    sentences = json.load(open(sentences_file))
    out = {}
    try:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        st = SentenceTransformer(model_dir, device="cpu")
        st.max_seq_length = 256
        enc = lambda b: st.encode(b, batch_size=len(b), normalize_embeddings=True)
        enc(sentences[:2])
        out["sentence-transformers"] = {str(b): timed(enc, sentences, b, passes) for b in batches}
    except Exception as e:  # noqa: BLE001 - report any failure as data
        out["sentence-transformers"] = {"error": repr(e)}
    try:
        import numpy as np
        import onnxruntime as ort
        import torch
        from transformers import AutoModel, AutoTokenizer

        tok = AutoTokenizer.from_pretrained(model_dir)
        path = os.path.join(tempfile.gettempdir(), "ats-minilm-fp32.onnx")
        if not os.path.exists(path):
            model = AutoModel.from_pretrained(model_dir, attn_implementation="eager").eval()

            class Hidden(torch.nn.Module):
                def __init__(self, m):
                    super().__init__()
                    self.m = m

                def forward(self, input_ids, attention_mask, token_type_ids):
                    return self.m(
                        input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
                    ).last_hidden_state

            dummy = tok(["hello world", "a somewhat longer second sentence"], padding=True, return_tensors="pt")
            names = ["input_ids", "attention_mask", "token_type_ids"]
            torch.onnx.export(
                Hidden(model),
                tuple(dummy[k] for k in names),
                path,
                input_names=names,
                output_names=["last_hidden_state"],
                dynamic_axes={k: {0: "b", 1: "l"} for k in names + ["last_hidden_state"]},
                opset_version=17,
                dynamo=False,
            )
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        sess = ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])

        def enc(b):
            t = tok(b, padding=True, truncation=True, max_length=256, return_tensors="np")
            h = sess.run(None, {k: t[k].astype(np.int64) for k in ["input_ids", "attention_mask", "token_type_ids"]})[0]
            m = t["attention_mask"][..., None].astype(np.float32)
            v = (h * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
            return v / np.linalg.norm(v, axis=1, keepdims=True)

        check = enc(sentences[:3])
        out["onnxruntime_max_abs_diff_vs_st"] = float(
            np.abs(check - st.encode(sentences[:3], normalize_embeddings=True)).max()
        ) if "sentence-transformers" in out and "error" not in out["sentence-transformers"] else None
        out["onnxruntime"] = {str(b): timed(enc, sentences, b, passes) for b in batches}
    except Exception as e:  # noqa: BLE001
        out["onnxruntime"] = {"error": repr(e)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
