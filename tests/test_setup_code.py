"""Setup codes: typed by a class, they must give exactly the teacher's city, or say why not."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.model.params import GROUP_SPECS, SPECS
from sim.scenario import scenario_names
from sim.setup_code import (
    ALPHABET,
    KEY_IDS,
    MAX_CODE_LETTERS,
    SCENARIO_IDS,
    Setup,
    SetupCodeError,
    _Bits,
    _check_letter,
    decode,
    encode,
    read_setup_file,
    write_setup_file,
)


def test_alphabet_has_no_letters_that_are_misread() -> None:
    assert len(set(ALPHABET)) == 32
    assert not set("0O1I") & set(ALPHABET)


def test_numbers_given_once_mean_the_same_forever() -> None:
    """Codes printed on last year's worksheets must still open the same setups."""
    assert SCENARIO_IDS[:8] == (
        "city", "aclu-2018", "cardiff-2017", "mobile-app",
        "body-cams", "fusion-centre", "factory-floor", "protest",
    )  # fmt: skip
    assert KEY_IDS[:7] == (
        "people", "hours", "start_hour", "layout", "watchlist_size", "wanted", "threshold"
    )  # fmt: skip
    assert KEY_IDS[34] == "share_growth" and KEY_IDS[35:39] == (
        "true_confirm",
        "review_load_penalty",
        "move_on_min",
        "booking_hours",
    )
    # the detectors' knobs come after; 63 is the group-knob marker
    assert len(KEY_IDS) < 63
    assert set(SPECS) <= set(KEY_IDS), "a new knob needs a number at the end of KEY_IDS"
    assert set(scenario_names()) <= set(SCENARIO_IDS), "a new scenario needs a number"


def _value(spec, draw) -> str:
    """A value a slider or a teacher could give: up to three significant digits."""
    if spec.kind == "bool":
        return draw(st.sampled_from(["true", "false"]))
    if spec.kind == "choice":
        return draw(st.sampled_from(spec.choices))
    if spec.kind == "optfloat" and draw(st.booleans()):
        return "profile"
    lo, hi = float(spec.lo), float(spec.hi)
    x = draw(st.floats(lo, hi))
    text = f"{Decimal(repr(x)):.3g}" if x else "0"
    value = float(text)
    if not lo <= value <= hi:
        value = lo
    if spec.kind == "int":
        return str(max(int(lo), min(int(hi), round(value))))
    return repr(value)


@st.composite
def setups(draw) -> Setup:
    scenario = draw(st.sampled_from([s for s in SCENARIO_IDS if s != "fusion-centre"]))
    seed = draw(st.one_of(st.integers(0, 20), st.integers(0, 9999), st.integers(0, 2**40)))
    keys = draw(
        st.lists(
            st.sampled_from(["threshold", "automation_bias", "officers", "fmr", "bodycams",
                             "algorithm", "reviewers", "detain_prob", "groups.B.fmr_multiplier",
                             "groups.A.share"]),
            max_size=3,
            unique=True,
        )
    )  # fmt: skip
    pairs = []
    for key in keys:
        spec = GROUP_SPECS[key.split(".")[-1]] if key.startswith("groups.") else SPECS[key]
        pairs.append((key, _value(spec, draw)))
    return Setup(scenario, seed, tuple(pairs))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(setups())
def test_a_code_opens_exactly_its_setup(setup: Setup) -> None:
    try:
        params = setup.params()
    except ValueError:
        return  # e.g. group shares not summing to 1: not a setup anyone can make
    try:
        code = encode(setup)
    except SetupCodeError as exc:
        assert "setup file" in str(exc)
        return
    letters = code.replace("-", "")
    assert 4 <= len(letters) <= MAX_CODE_LETTERS
    back = decode(code)
    assert (back.scenario, back.seed) == (setup.scenario, setup.seed)
    assert back.params().as_dict() == params.as_dict()
    assert decode(code.lower().replace("-", " ")) == back  # typed in lower case, spaced


def test_codes_for_a_lesson_are_short() -> None:
    assert len(encode(Setup("city", 1)).replace("-", "")) <= 5
    one = encode(Setup("city", 4821, (("threshold", "90"),)))
    assert len(one.replace("-", "")) <= 10
    two = encode(Setup("cardiff-2017", 7, (("threshold", "90"), ("reviewers", "12"))))
    assert len(two.replace("-", "")) <= 12


def test_every_mistyped_letter_is_caught_and_every_swap_but_one() -> None:
    """Luhn mod 32: one wrong letter always changes the check; swapping two neighbours
    only goes unseen for the pair 2<->Z (values 0 and 31), which the test pins down."""
    code = encode(Setup("aclu-2018", 9, (("threshold", "99"),))).replace("-", "")
    for i in range(len(code)):
        for ch in ALPHABET:
            if ch != code[i]:
                with pytest.raises(SetupCodeError):
                    decode(code[:i] + ch + code[i + 1 :])
    for a in ALPHABET:
        for b in ALPHABET:
            if a == b:
                continue
            body = "A" + a + b + "K"
            swapped = "A" + b + a + "K"
            same = _check_letter(body) == _check_letter(swapped)
            assert same == ({a, b} == {"2", "Z"}), (a, b)


def test_a_code_from_a_newer_version_says_so_and_never_opens_a_wrong_city() -> None:
    bits = _Bits()
    bits.put(2, 2)  # format 2: not written by this version
    bits.put(0, 5)
    bits.put(1, 5)
    bits.put(0, 3)
    letters = bits.letters()
    with pytest.raises(SetupCodeError, match="newer version"):
        decode(letters + _check_letter(letters))
    bits = _Bits()
    bits.put(1, 2)
    bits.put(31, 5)  # a scenario number not given yet
    bits.put(1, 5)
    bits.put(0, 3)
    letters = bits.letters()
    with pytest.raises(SetupCodeError, match="update the game"):
        decode(letters + _check_letter(letters))


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "empty"),
        ("A2O2", "never contain O"),
        ("A212", "never contain 1"),
        ("A2!2", "not a letter"),
        ("A2", "not a valid setup code"),
        ("A6LU-NKLB", "not a valid setup code|cut short"),
    ],
)
def test_bad_codes_are_one_clear_line(code: str, message: str, capsys) -> None:
    with pytest.raises(SetupCodeError, match=message):
        decode(code)
    assert main(["run", "--setup", code or " "]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_code_is_a_command_and_back(capsys) -> None:
    """run --json carries the code; --setup with that code gives the same JSON."""
    args = ["--scenario", "aclu-2018", "--seed", "5", "--set", "threshold=85"]
    assert main(["run", *args, "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    code = first["setup_code"]
    assert code and decode(code) == Setup("aclu-2018", 5, (("threshold", "85.0"),))
    assert main(["run", "--setup", code, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == first
    assert main(["run", *args]) == 0
    assert f"Setup code: {code}" in capsys.readouterr().out
    assert decode(code).command() == (
        "python -m sim run --scenario aclu-2018 --seed 5 --set threshold=85.0"
    )


def test_a_code_and_a_scenario_together_are_refused(capsys) -> None:
    code = encode(Setup("city", 3))
    assert main(["run", "--setup", code, "--seed", "4"]) == 2
    assert "--seed cannot be used with a setup" in capsys.readouterr().err


def test_setup_files_round_trip_and_are_validated(tmp_path: Path, capsys) -> None:
    big = Setup(
        "city",
        123456,
        tuple((k, v) for k, v in [("threshold", "91.5"), ("officers", "40"), ("reviewers", "9"),
                                  ("automation_bias", "0.45"), ("people", "3000"),
                                  ("hours", "2.0")]),
    )  # fmt: skip
    with pytest.raises(SetupCodeError, match="setup file"):
        encode(big)
    path = tmp_path / "lesson.toml"
    write_setup_file(path, big)
    assert read_setup_file(path) == big
    assert main(["run", "--setup-file", str(path), "--json"]) == 0
    from_file = json.loads(capsys.readouterr().out)
    assert from_file["setup_code"] is None and from_file["seed"] == 123456
    assert from_file["params"]["threshold"] == 91.5 and from_file["totals"]["people"] == 3000

    for text, message in [
        ('scenario = "city"\nseed = -1\n', "'seed'"),
        ('scenario = "city"\ncolour = 1\n', "unknown key 'colour'"),
        ('scenario = "city"\n[set]\nthreshold = 400\n', "out of range"),
        ('scenario = "city"\n[set]\nthreshhold = 90\n', "threshhold"),
        ('format = 9\nscenario = "city"\n', "newer version"),
        ('scenario = "atlantis"\n', "atlantis"),
        ("scenario = [", "not valid TOML"),
    ]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(SetupCodeError, match=message):
            read_setup_file(path)
    path.write_bytes(b'scenario = "city"\r\nseed = 4\r\n[set]\r\nthreshold = 95\r\n')
    assert read_setup_file(path) == Setup("city", 4, (("threshold", "95"),))
