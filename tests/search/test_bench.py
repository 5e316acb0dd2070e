"""The search benchmark still runs (on a tiny archive; it prints figures, nothing is timed)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_search.py"


def test_benchmark_runs_on_a_small_archive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location("bench_search", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench_search", bench)  # dataclasses look it up
    spec.loader.exec_module(bench)
    assert bench.main(["--sizes", "200", "--repeat", "1", "--workdir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "=== 200 items ===" in out
    assert "Whoosh indexing: 200 items" in out
    for kind in ("one term", "two terms", "three terms", "phrase", "prefix", "fuzzy"):
        assert kind in out
    assert "accent-less" in out
    assert "field" in out
    assert "one caption edit" in out
    assert "not found by its new caption" not in out
