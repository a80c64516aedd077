import codecs

import pytest

from pipeline.errors import PipelineError
from pipeline.ingest import decode

SAMPLE = "跨境电商平台的发展正处于关键节点，消费者对高性价比商品的需求依然强劲。\n"


@pytest.mark.parametrize("data", [
    SAMPLE.encode("utf-8"),
    codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
    SAMPLE.encode("utf-16"),  # with BOM
    SAMPLE.encode("gb18030"),
])
def test_decodes_the_encodings_a_scrape_comes_in(data):
    assert decode(data)[0] == SAMPLE


def test_reports_the_encoding_found():
    _, changes = decode(SAMPLE.encode("gb18030"))
    assert "gb18030" in changes[0].note


def test_seed_reencoded_as_gb18030_decodes_to_the_same_text(seed):
    text = decode(seed.data)[0]
    assert decode(text.encode("gb18030"))[0] == text


def test_line_ends_are_normalised():
    assert decode("一\r\n二\r三".encode())[0] == "一\n二\n三"


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"  \n\t\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "binary"),
    ("正文\x00正文".encode(), "binary"),
])
def test_refuses_what_is_not_text(data, message):
    with pytest.raises(PipelineError, match=message):
        decode(data)


def test_utf8_with_bad_bytes_throughout_decodes_in_one_pass():
    # One bad byte every 1,273 bytes over 5 MB: within the allowance, and a
    # pass per bad byte (as once) would take seconds.
    import time

    chunk = (SAMPLE * 12).encode() + b"\xff"
    started = time.perf_counter()
    text, changes = decode(chunk * 4000)
    assert time.perf_counter() - started < 1.0
    assert text.count("□") == 4000 and len(changes) == 4001
    assert changes[1].note.startswith(f"bytes ff at byte {len(chunk) - 1} are not UTF-8")
