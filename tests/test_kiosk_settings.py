"""Kiosk settings: a broken or odd file must fall back, and say so to staff only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.kiosk import settings as ks
from sim.kiosk.settings import (
    EXAMPLE_SETTINGS,
    SETTINGS_ENV,
    KioskSettings,
    StaffExitSettings,
    load_settings,
    resolved_log_path,
    settings_as_dict,
    settings_path,
    write_default_settings,
)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_default_file_is_silent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ks, "default_settings_path", lambda: tmp_path / "nope" / "kiosk.toml")
    result = load_settings(env={})
    assert result.settings == KioskSettings()
    assert result.problems == ()
    assert not result.found


def test_missing_explicit_file_is_reported(tmp_path: Path) -> None:
    result = load_settings(tmp_path / "absent.toml")
    assert result.settings == KioskSettings()
    assert len(result.problems) == 1 and "does not exist" in result.problems[0]


def test_env_var_chooses_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "idle_seconds = 90\n")
    assert settings_path(env={SETTINGS_ENV: str(path)}) == path
    result = load_settings(env={SETTINGS_ENV: str(path)})
    assert result.found and result.settings.idle_seconds == 90


def test_argument_beats_env_var(tmp_path: Path) -> None:
    arg = _write(tmp_path, "idle_seconds = 45\n")
    assert load_settings(arg, env={SETTINGS_ENV: "/elsewhere.toml"}).settings.idle_seconds == 45


def test_good_file_is_read(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
languages = ["es", "en"]
idle_seconds = 90
countdown_seconds = 20.5
text_scale = 1.25
reduced_motion = true
high_contrast = true
sound = false
attract_caption_seconds = 10
hide_cursor = false
log_path = "logs/kiosk.log"

[staff_exit]
corner = "bottom-right"
corner_size = 150
long_press_seconds = 3
drift_tolerance = 40
pin = "0042"
key_chord = false
""",
    )
    result = load_settings(path)
    assert result.problems == ()
    s = result.settings
    assert s.languages == ("es", "en") and s.default_language == "es"
    assert (s.idle_seconds, s.countdown_seconds, s.text_scale) == (90, 20.5, 1.25)
    assert s.reduced_motion and s.high_contrast and not s.sound and not s.hide_cursor
    assert s.log_path == tmp_path / "logs" / "kiosk.log"
    assert s.staff_exit == StaffExitSettings(
        corner="bottom-right",
        corner_size=150,
        long_press_seconds=3.0,
        drift_tolerance=40.0,
        pin="0042",
        key_chord=False,
    )


def test_broken_toml_falls_back_with_one_problem(tmp_path: Path) -> None:
    path = _write(tmp_path, "idle_seconds = = 5\n[staff_exit\n")
    result = load_settings(path)
    assert result.settings == KioskSettings()
    assert len(result.problems) == 1
    assert "not valid TOML" in result.problems[0] and "line 1" in result.problems[0]


def test_non_utf8_file_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_bytes(b"idle_seconds = 60\n\xff\xfe")
    result = load_settings(path)
    assert result.settings == KioskSettings() and "UTF-8" in result.problems[0]


def test_directory_instead_of_file_falls_back(tmp_path: Path) -> None:
    (tmp_path / "kiosk.toml").mkdir()
    result = load_settings(tmp_path / "kiosk.toml")
    assert result.settings == KioskSettings() and len(result.problems) == 1


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("idle_seconds = 0", "idle_seconds"),
        ("idle_seconds = -5", "idle_seconds"),
        ("idle_seconds = 1e9", "idle_seconds"),
        ("idle_seconds = nan", "idle_seconds"),
        ("idle_seconds = inf", "idle_seconds"),
        ('idle_seconds = "60"', "idle_seconds"),
        ("countdown_seconds = 1", "countdown_seconds"),
        ("text_scale = 2.0", "text_scale"),
        ("text_scale = 0.5", "text_scale"),
        ("text_scale = true", "text_scale"),
        ('reduced_motion = "yes"', "reduced_motion"),
        ("sound = 1", "sound"),
        ("attract_caption_seconds = 1", "attract_caption_seconds"),
        ("log_path = 5", "log_path"),
        ("languages = 7", "languages"),
        ("languages = []", "languages"),
        ('languages = ["English!!"]', "languages"),
    ],
)
def test_bad_top_level_value_keeps_default(tmp_path: Path, line: str, field: str) -> None:
    result = load_settings(_write(tmp_path, line + "\n"))
    assert getattr(result.settings, field) == getattr(KioskSettings(), field)
    assert any(field in p for p in result.problems), result.problems


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ('corner = "middle"', "corner"),
        ("corner_size = 10", "corner_size"),
        ("corner_size = 100.5", "corner_size"),
        ("long_press_seconds = 0.5", "long_press_seconds"),
        ("long_press_seconds = 1000", "long_press_seconds"),
        ("drift_tolerance = 500", "drift_tolerance"),
        ('pin = "12"', "pin"),
        ('pin = "12ab"', "pin"),
        ('pin = "123456789"', "pin"),
        ("pin = true", "pin"),
        ('key_chord = "on"', "key_chord"),
        ("max_pin_attempts = 0", "max_pin_attempts"),
    ],
)
def test_bad_staff_value_keeps_default(tmp_path: Path, line: str, field: str) -> None:
    result = load_settings(_write(tmp_path, f"[staff_exit]\n{line}\n"))
    assert getattr(result.settings.staff_exit, field) == getattr(StaffExitSettings(), field)
    assert any(f"staff_exit.{field}" in p for p in result.problems), result.problems


def test_one_bad_value_does_not_spoil_the_rest(tmp_path: Path) -> None:
    path = _write(tmp_path, "idle_seconds = -1\ncountdown_seconds = 30\ntext_scale = 1.5\n")
    result = load_settings(path)
    assert result.settings.idle_seconds == 60
    assert result.settings.countdown_seconds == 30 and result.settings.text_scale == 1.5
    assert len(result.problems) == 1


def test_unknown_keys_are_listed_with_a_hint(tmp_path: Path) -> None:
    path = _write(tmp_path, "idel_seconds = 30\ncolour = 'red'\n[staff_exit]\npinn = '1234'\n")
    result = load_settings(path)
    assert result.settings == KioskSettings()
    text = "\n".join(result.problems)
    assert "'idel_seconds'" in text and "did you mean 'idle_seconds'" in text
    assert "'colour'" in text
    assert "staff_exit.'pinn'" in text or "'pinn'" in text
    assert len(result.problems) == 3


def test_staff_exit_not_a_table(tmp_path: Path) -> None:
    result = load_settings(_write(tmp_path, "staff_exit = 5\n"))
    assert result.settings.staff_exit == StaffExitSettings()
    assert any("staff_exit" in p for p in result.problems)


def test_integer_pin_is_accepted(tmp_path: Path) -> None:
    result = load_settings(_write(tmp_path, "[staff_exit]\npin = 97531\n"))
    assert result.settings.staff_exit.pin == "97531" and result.problems == ()


def test_duplicate_and_bad_languages_are_cleaned(tmp_path: Path) -> None:
    result = load_settings(_write(tmp_path, 'languages = ["fr", "fr", 3, "pt-BR"]\n'))
    assert result.settings.languages == ("fr", "pt-BR")
    assert len(result.problems) == 1


def test_languages_without_texts_are_dropped(tmp_path: Path) -> None:
    path = _write(tmp_path, 'languages = ["de", "en", "xx"]\n')
    result = load_settings(path, available_languages=["en", "es"])
    assert result.settings.languages == ("en",)
    assert sum("no texts" in p for p in result.problems) == 2
    none = load_settings(_write(tmp_path, 'languages = ["de"]\n'), available_languages=["es"])
    assert none.settings.languages == ("es",)


def test_problems_are_plain_sentences(tmp_path: Path) -> None:
    result = load_settings(_write(tmp_path, "idle_seconds = -5\ntext_scale = 3\n"))
    for problem in result.problems:
        assert "Traceback" not in problem and "\n" not in problem
        assert re.search(r"using \S+", problem)


def test_written_example_loads_to_defaults(tmp_path: Path) -> None:
    path = write_default_settings(tmp_path / "sub" / "kiosk.toml")
    result = load_settings(path)
    assert result.found and result.problems == () and result.settings == KioskSettings()


def test_example_with_every_line_uncommented_gives_defaults(tmp_path: Path) -> None:
    """The example documents every key with its true default."""
    lines = []
    for line in EXAMPLE_SETTINGS.splitlines():
        if re.match(r"^# [a-z_]+ = ", line):
            line = line[2:]
        lines.append(line)
    result = load_settings(_write(tmp_path, "\n".join(lines)))
    assert result.problems == ()
    assert result.settings == KioskSettings()
    keys = {f.split(".")[-1] for f in settings_as_dict(KioskSettings())}
    documented = {m.group(1) for m in re.finditer(r"^# ([a-z_]+) = ", EXAMPLE_SETTINGS, re.M)}
    assert keys - {"pin"} <= documented and "pin" in documented


def test_write_refuses_to_overwrite(tmp_path: Path) -> None:
    path = _write(tmp_path, "idle_seconds = 99\n")
    with pytest.raises(FileExistsError):
        write_default_settings(path)
    assert "99" in path.read_text()
    write_default_settings(path, overwrite=True)
    assert "99" not in path.read_text()


def test_staff_view_hides_pin_and_resolves_log(tmp_path: Path) -> None:
    view = settings_as_dict(KioskSettings())
    assert "staff_exit.pin" not in view
    assert view["log_path"] == str(resolved_log_path(KioskSettings()))
    assert view["log_path"].endswith("kiosk.log")


def test_docs_table_lists_every_declared_range() -> None:
    """docs/museum.md's "Allowed" column is the range the loader enforces, key by key."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "museum.md").read_text(encoding="utf-8")
    rows = dict(
        re.findall(r"^\| `(?:\[staff_exit\] )?([a-z_]+)` \| [^|]+ \| ([^|]+) \|", doc, re.M)
    )
    for key, (lo, hi) in ks.number_ranges().items():
        allowed = rows.get(key.rpartition(".")[2], "").split(" to ")
        assert [float(x) for x in allowed] == [lo, hi], (key, allowed)


@pytest.mark.parametrize(
    "value", ["9" * 40, "1" + "0" * 400, "-" + "9" * 40, "0x" + "f" * 2000, "1e400", "-inf"]
)
def test_huge_numbers_are_out_of_range_for_every_key(tmp_path: Path, value: str) -> None:
    """TOML integers have no size limit; each key falls back on its own, with one line."""
    top = [k for k in ks.number_ranges() if "." not in k]
    staff = [k.split(".")[1] for k in ks.number_ranges() if "." in k]
    text = "".join(f"{k} = {value}\n" for k in top) + "[staff_exit]\n"
    text += "".join(f"{k} = {value}\n" for k in staff)
    result = load_settings(_write(tmp_path, text), check_log=False)
    assert result.settings == KioskSettings()
    assert len(result.problems) == len(top) + len(staff)
    assert all("using" in p and len(p) < 200 for p in result.problems), result.problems


def test_many_problems_are_capped(tmp_path: Path) -> None:
    result = load_settings(_write(tmp_path, "".join(f"k{i} = 1\n" for i in range(500))))
    assert len(result.problems) == ks.MAX_PROBLEMS
    assert result.problems[-1].startswith("... and 481 more problems")


def test_log_path_with_control_characters_or_unknown_home_keeps_default(tmp_path: Path) -> None:
    for value in ("/tmp/a\\u0000b.log", "/tmp/a\\nb.log", "~no-such-user-xyz/k.log"):
        result = load_settings(_write(tmp_path, f'log_path = "{value}"\n'), check_log=False)
        assert result.settings.log_path is None, value
        assert len(result.problems) == 1 and "log_path" in result.problems[0], result.problems
