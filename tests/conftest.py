"""Test setup shared by every test: headless SDL, no sound, one BLAS thread.

Set before pygame and numpy are imported. One BLAS thread: the game and
`python -m sim run` already run numpy's BLAS single-threaded
(`sim.game.app.limit_blas_threads`, `sim.cli`), because OpenBLAS worker
threads make each small 1:N search wait for a core on a busy two-core
machine. The tests now run the model the way the program does: a 12-hour
city of 20,000 people with a brute-force watchlist takes 1.2 s instead of
15.6 s here.
"""

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

try:  # numpy may already be loaded by a plugin: limit the running pool as well
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
except ImportError:
    pass


def pytest_addoption(parser):
    """``--regen-references``: rewrite tests/reference/*.png instead of comparing with them."""
    parser.addoption(
        "--regen-references",
        action="store_true",
        default=False,
        help="rewrite the reference images of tests/test_reference_images.py",
    )


def _regen_requested(config) -> bool:
    return bool(
        config.getoption("--regen-references")
        or os.environ.get("ONE_IN_A_MILLION_REGEN_REFERENCES")
    )


@pytest.fixture
def regen_references(request) -> bool:
    """True when the reference images are to be rewritten (flag or environment)."""
    return _regen_requested(request.config)


#: Test modules that play the story share its finished runs (`story_runs_once`),
#: so pytest-xdist keeps them in one worker (every other module is a group of its own,
#: as with `--dist loadfile`). Of the text audit only the story's tour plays it: its
#: other tours are a group of their own, so the two workers share the audit.
STORY_GROUP = ("test_story_play.py", "test_story_challenge.py")


#: Modules that read the answer key's command lines, each run once per process.
WORKSHEET_GROUP = {"test_worksheet.py", "test_kit_languages.py"}


def _group(item: pytest.Item) -> str:
    name = item.path.name
    if name in STORY_GROUP:
        return "story"
    if name == "test_text_fits.py":
        return "story" if "-story]" in item.name else name
    if name in WORKSHEET_GROUP:
        return "worksheet"  # the answer key's runs (sim.worksheet._run), made once for both
    if item.name == "test_prison_calls_land_near_the_georgia_trial":
        return "test_text_fits.py"  # the month its About card shows, run once for both
    return name


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """One xdist group per test module, except the story's runs, which share one."""
    for item in items:
        item.add_marker(pytest.mark.xdist_group(_group(item)))


@pytest.fixture
def story_runs_once():
    """A chapter's run finished once in this test process is reused after that
    (tests/helpers.py `story_runs_shared`)."""
    from tests.helpers import story_runs_shared

    with story_runs_shared():
        yield


@pytest.fixture(autouse=True)
def model_work_in_the_frame(monkeypatch):
    """Tests of the game's logic see every knob applied and every step taken in the
    frame that asked, however busy the machine running them is.

    The sandbox hands a costly change to a worker thread when it takes longer
    than a grace (50 ms), and steps once they are slower than 30 ms
    (sim/game/session.py); on a machine running two test workers beside other
    work, a small change can take longer than that, and a tap right after it
    would then wait for the job: a test would see the game's timing, not its
    logic. Here the grace is long and no step is slow enough; the tests of
    the worker itself (tests/test_session_budget.py) put the real limits back.
    """
    from sim.game import session

    monkeypatch.setattr(session, "JOB_GRACE_S", 60.0)
    monkeypatch.setattr(session, "SYNC_STEP_MAX_S", float("inf"))
