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
