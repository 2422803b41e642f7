"""The one guarded TOML loader: every way a data file can be damaged is one clear line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sim.datafile import MAX_BYTES, DataFileError, read_toml
from sim.paths import ASSETS


def test_every_shipped_data_file_loads() -> None:
    files = sorted(ASSETS.rglob("*.toml"))
    assert len(files) >= 30
    for path in files:
        assert isinstance(read_toml(path), dict), path


def test_windows_line_ends_and_a_byte_order_mark_are_fine(tmp_path: Path) -> None:
    f = tmp_path / "crlf.toml"
    f.write_bytes(b'\xef\xbb\xbftitle = "x"\r\n[a]\r\nb = 1\r\n')
    assert read_toml(f) == {"title": "x", "a": {"b": 1}}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b"a = [" * 1, "not valid TOML"),
        (b"a = " + b"[" * 5000 + b"]" * 5000, "nested 5000 levels"),
        (b"a = " + b"9" * 5000, "number too long"),
        (
            b"x = " + b"{y = " * 3000,
            "nested",
        ),
    ],
)
def test_damaged_content_is_one_line_naming_the_file(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    f = tmp_path / "bad.toml"
    f.write_bytes(content)
    with pytest.raises(DataFileError, match=reason) as info:
        read_toml(f, "locale file")
    message = str(info.value)
    assert "\n" not in message and str(f) in message and message.startswith("locale file")


def test_brackets_inside_strings_and_comments_do_not_count(tmp_path: Path) -> None:
    f = tmp_path / "ok.toml"
    f.write_text('a = "' + "[" * 100 + '"\n# ' + "{" * 100 + "\nb = '''\n" + "[" * 100 + "'''\n")
    assert read_toml(f)["a"] == "[" * 100


def test_a_file_read_again_is_a_fresh_copy_and_a_changed_file_is_read_anew(
    tmp_path: Path,
) -> None:
    """Parsed texts are kept per text (sim.datafile._parsed): never shared, never stale."""
    f = tmp_path / "kept.toml"
    f.write_text('[a]\nb = ["x"]\n')
    first = read_toml(f)
    first["a"]["b"].append("changed by a caller")
    assert read_toml(f) == {"a": {"b": ["x"]}}
    f.write_text('[a]\nb = ["y"]\n')  # same size, new words
    assert read_toml(f) == {"a": {"b": ["y"]}}
    f.write_text("a = " + "[" * 5000 + "]" * 5000)
    for _ in range(2):  # an error is not kept as a result either
        with pytest.raises(DataFileError, match="nested 5000 levels"):
            read_toml(f)


def test_an_unclosed_string_ends_at_its_line_for_the_depth_count() -> None:
    """The depth count's tokens: a string not closed hides nothing past its line."""
    from sim.datafile import _nesting_depth

    assert _nesting_depth('a = "[[[\nb = [[1]]') == 2
    assert _nesting_depth("a = '{{{\nb = [1]") == 1
    assert _nesting_depth('a = """[[[\n[[[') == 0  # a triple-quoted one runs to the end
    assert _nesting_depth('a = "\\"[["\nb = [[[1]]]') == 3  # an escaped quote stays inside


def test_missing_huge_and_special_files(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="is missing"):
        read_toml(tmp_path / "nope.toml")
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(DataFileError, match="too large"):
        read_toml(big)
    with pytest.raises(DataFileError, match="not a regular file"):
        read_toml(tmp_path)
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)  # reading it would block forever
    with pytest.raises(DataFileError, match="not a regular file"):
        read_toml(fifo)
    with pytest.raises(DataFileError, match="cannot be read"):
        read_toml("bad\0name.toml")
