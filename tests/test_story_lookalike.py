"""The lookalike follow-up's pure parts: counting who got half the alerts, the chapter table."""

from __future__ import annotations

import numpy as np
import pytest

from sim.story.chapters import StoryError, load_story, parse_chapter
from sim.story.lookalike import half_people


@pytest.mark.parametrize(
    ("counts", "half"),
    [
        ([], 0),
        ([0, 0], 0),
        ([1], 1),
        ([1] * 10, 5),  # spread evenly: half the alerts need half the people
        ([5, 1, 1, 1, 1, 1], 1),  # one person holds half of ten
        ([3, 3, 3, 1], 2),  # 3 + 3 = 6 of 10
        ([0, 4, 0, 4], 1),  # zeros are people who got none
    ],
)
def test_half_people_is_the_fewest_who_got_half(counts: list[int], half: int) -> None:
    assert half_people(np.array(counts, dtype=np.int32)) == half


def test_half_people_against_a_plain_loop_on_random_counts() -> None:
    rng = np.random.default_rng(11)
    for _ in range(200):
        counts = rng.geometric(0.4, size=int(rng.integers(1, 60))) - 1
        ordered = sorted(counts.tolist(), reverse=True)
        total, running, k = sum(ordered), 0, 0
        while 2 * running < total:
            running += ordered[k]
            k += 1
        assert half_people(counts) == k


def _chapter_6_data() -> dict:
    import tomllib

    from sim.paths import CHAPTERS

    path = next(CHAPTERS.glob("06-*.toml"))
    return tomllib.loads(path.read_text(encoding="utf-8")), path


def test_a_follow_up_must_name_a_run_and_offer_both_answers() -> None:
    data, path = _chapter_6_data()
    chapter = parse_chapter(data, path, check_params=False)
    assert chapter.follow is not None and chapter.follow.run == "day"
    assert "story.humans.follow.question" in chapter.text_keys()
    bad_run = {**data, "follow": {**data["follow"], "run": "night"}}
    with pytest.raises(StoryError, match="follow.run"):
        parse_chapter(bad_run, path, check_params=False)
    one_option = {**data, "follow": {**data["follow"], "options": ["few"]}}
    with pytest.raises(StoryError, match="follow.options"):
        parse_chapter(one_option, path, check_params=False)
    typo = {**data, "follow": {**data["follow"], "optoins": ["few"]}}
    with pytest.raises(StoryError, match="follow.optoins"):
        parse_chapter(typo, path, check_params=False)


def test_chapter_6_follows_a_lookalike() -> None:
    assert "humans" in [c.id for c in load_story() if c.follow is not None]


def test_follow_metrics_gives_exactly_its_named_numbers() -> None:
    """FOLLOW_NAMES (what the texts may use) is what follow_metrics really returns."""
    from sim.model import Model
    from sim.model.params import Params
    from sim.story.lookalike import FOLLOW_NAMES, follow_metrics

    params = Params()
    for key, value in (("people", 2000), ("hours", 2), ("watchlist_size", 50)):
        params.set(key, value, "test")
    model = Model(params, seed=3)
    model.run()
    assert set(follow_metrics(model, {})) == set(FOLLOW_NAMES)


def test_the_follow_up_is_asked_before_it_is_shown_and_back_leaves_it() -> None:
    """explain -> follow_ask (waits for an answer) -> follow; Back returns to the question."""
    import copy

    from sim.story.flow import StoryFlow
    from sim.text.i18n import Translator

    data, path = _chapter_6_data()
    small = copy.deepcopy(data)
    small["runs"][0]["set"]["people"] = 3000  # the same chapter, a small city: quick
    chapter = parse_chapter(small, path)
    flow = StoryFlow([chapter], Translator("en"))
    flow.follow()
    assert flow.phase == "ask"  # nothing to follow before the run
    flow.set_answer(5)
    flow.run()
    flow.finish_run()
    assert flow.phase == "explain" and flow.can_follow()
    flow.follow()
    assert flow.phase == "follow_ask" and not flow.can_show_follow()
    assert flow.follow_explanation() is None
    with pytest.raises(ValueError):
        flow.set_follow_answer("maybe")
    flow.show_follow()
    assert flow.phase == "follow_ask"  # it waits for an answer
    flow.set_follow_answer("few")
    flow.show_follow()
    assert flow.phase == "follow"
    m = flow.measured()
    assert m["la_flagged"] == flow.runner.measured()["innocent_flagged"]
    explanation = flow.follow_explanation()
    assert explanation is not None
    assert explanation.outcome == ("right" if m["la_answer"] == "few" else "wrong")
    flow.back()
    assert flow.phase == "ask" and flow.follow_answer == "few"  # the answer is kept
