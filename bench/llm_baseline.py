"""llama.cpp itself (the prebuilt library in the PyPI package xllamacpp) on
the same GGUF with the same threads, for `ats bench llm`: prompt-processing
and generation tokens per second, as llama.cpp's server reports them.

Usage: python3 llm_baseline.py MODEL THREADS PROMPT_TOKENS GEN_TOKENS PASSES
Prints one JSON object: {"engine", "pp", "tg"} (best of the passes).
"""
import json
import sys

import xllamacpp as xlc


def main():
    model, threads, n_prompt, n_gen, passes = sys.argv[1], *map(int, sys.argv[2:6])
    p = xlc.CommonParams()
    p.model.path = model
    p.n_ctx = n_prompt + n_gen + 64
    p.n_batch = max(512, n_prompt)
    p.n_ubatch = max(512, n_prompt)
    p.n_parallel = 1
    p.cpuparams.n_threads = threads
    p.cpuparams_batch.n_threads = threads
    p.warmup = True
    server = xlc.Server(p)
    best_pp = best_tg = 0.0
    for i in range(passes):
        # A fixed token sequence, as llama-bench uses tokens, not text;
        # a different first token each pass so no prompt cache applies.
        prompt = [1000 + i] + [200 + (k % 500) for k in range(n_prompt - 1)]
        req = {
            "prompt": prompt,
            "n_predict": n_gen,
            "ignore_eos": True,
            "temperature": 0,
            "cache_prompt": False,
        }
        res = server.handle_completions(req)
        if isinstance(res, str):
            res = json.loads(res)
        t = res["timings"]
        best_pp = max(best_pp, t["prompt_per_second"])
        best_tg = max(best_tg, t["predicted_per_second"])
    print(json.dumps({"engine": f"llama.cpp via xllamacpp {xlc.__version__}", "pp": best_pp, "tg": best_tg}))


if __name__ == "__main__":
    main()
