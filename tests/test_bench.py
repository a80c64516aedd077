"""`make bench`'s measurements, on the seed (one run: the figures themselves are for the closing note)."""
from conftest import SEED

from pipeline.bench import measure_text_stages


def test_the_text_stages_are_measured_and_their_throughput_derived():
    data = SEED.read_bytes()
    row, markdown = measure_text_stages("seed", data, runs=1)
    assert {"decode", "clean", "structure", "source"} <= row.keys()
    assert all(row[stage] > 0 for stage in ("clean", "structure", "source"))
    assert row["clean+structure MB/s"] == len(data) / 1e6 / (row["clean"] + row["structure"])
    assert markdown.startswith("---\n") and "## 1.1" in markdown


def test_the_editions_are_compared_with_the_bare_route_in_the_same_run(tmp_path, capsys, seed_source):
    from pipeline.bench import compare_with_bare_route

    source = tmp_path / "seed.md"
    source.write_text(seed_source.markdown, encoding="utf-8")
    compare_with_bare_route(source, tmp_path, runs=1)
    line = capsys.readouterr().out
    assert line.startswith("three editions, whole processes (1 pairs, in turns): render ") and "x" in line.split("ratio ")[1]
    assert all((tmp_path / f"bare.{fmt}").stat().st_size and (tmp_path / f"seed.{fmt}").stat().st_size
               for fmt in ("pdf", "docx", "epub"))
