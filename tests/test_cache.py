"""The derived-data cache: what it stores is what it returns, and a new key replaces the old entry."""
import marshal

from pipeline.cache import ByFirstCharacter, cached, cache_dir


def test_a_new_key_builds_once_and_replaces_the_stale_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    builds = []
    build = lambda: builds.append(1) or {"词": 3}
    assert cached("words", "release-1", build) == {"词": 3}
    assert cached("words", "release-1", build) == {"词": 3}
    assert len(builds) == 1
    cached("words", "release-2", build)
    cached("other", "release-1", build)
    assert sorted(p.name for p in cache_dir().iterdir()) == ["other--release-1.marshal", "words--release-2.marshal"]


def test_a_read_only_cache_still_gives_the_value(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    (tmp_path / "file").write_text("not a folder")
    assert cached("words", "release-1", lambda: [1, 2]) == [1, 2]


def test_by_first_character_answers_as_the_dict_it_was_made_from():
    entries = {"中": 5, "中国": 7, "中国人": 0, "国": 2, "a": 1}
    index = ByFirstCharacter(ByFirstCharacter.parts_of(entries))
    assert dict(index) == entries and len(index) == 5
    assert index["中国"] == 7 and index.get("中国人") == 0
    assert index.get("人") is None and index.get("") is None and index.get("人", 0) == 0
    assert "国" in index and "人" not in index and "" not in index


def test_a_foreign_or_damaged_entry_is_rebuilt_not_returned(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cached("words", "release-1", lambda: {"词": 3})
    entry = cache_dir() / "words--release-1.marshal"
    for foreign in (marshal.dumps(42), marshal.dumps(("other--release-1", 42)), b"\x00garbage"):
        entry.write_bytes(foreign)
        assert cached("words", "release-1", lambda: {"词": 3}) == {"词": 3}
