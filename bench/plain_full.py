"""Plain Pelican doing the work our publish does: the cold-publish baseline.

Plain Pelican 4.12 builds the corpus (``plain_pelicanconf.py``), then
Pagefind indexes its output (``pagefind --site``, the same binary our
publish runs), then every text file our publish would copy gets ``.gz``
and ``.br`` copies with the same compressors at the same levels, shared
among the machine's cores as ours are.  ``bench/run.py`` times the whole.

Usage: .venv/bin/python bench/plain_full.py CONTENT OUTPUT
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pagefind_bin_extended import get_executable

from briefing.serve.precompression import COMPRESSIBLE, MIN_SIZE, brotli_bytes, gzip_bytes

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def copies(path: str) -> None:
    data = Path(path).read_bytes()
    Path(f"{path}.gz").write_bytes(gzip_bytes(data))
    Path(f"{path}.br").write_bytes(brotli_bytes(data))


def main(content: str, output: str) -> None:
    subprocess.run([str(BIN / "pelican"), content, "-o", output, "-s",
                    str(ROOT / "bench" / "plain_pelicanconf.py"), "--delete-output-directory"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([str(get_executable()), "--site", output, "--silent"], check=True)
    index = Path(output, "pagefind")
    texts = [str(path) for path in Path(output).rglob("*")
             if path.name.endswith(COMPRESSIBLE) and index not in path.parents
             and path.stat().st_size >= MIN_SIZE]
    with ProcessPoolExecutor(os.cpu_count()) as pool:
        list(pool.map(copies, texts, chunksize=64))


if __name__ == "__main__":
    main(*sys.argv[1:3])
