"""The cascade model: captures -> 1:N search -> alerts -> review -> stops -> feedback.

``Model`` owns the seeded random streams (one child stream per stage, so a
change in one stage does not reshuffle the others), the crowd, the city and
the cameras, and advances in fixed steps of simulated time. Each day it draws
everyone's trips and the captures they lead to; each step it searches the
captures that fall inside the step, queues alerts for review, dispatches
officers and counts what passed through every stage, per group and per
person, next to the analytic expectation of the headline counts.
"""

from __future__ import annotations

import math
from collections import deque
from typing import Any

import numpy as np

from .ahead import AHEAD_CAPS, AHEAD_MIN_S, AHEAD_S, ScanAhead
from .alerts import (
    CONFIRMED,
    DISMISSED,
    EXPIRED,
    O_DETAINED,
    O_FOUND,
    O_RELEASED,
    O_WAITING,
    PASSED,
    PENDING,
    Alert,
    AlertLog,
    RecordDraw,
)
from .capture import Cameras, Captures, day_captures, place_cameras
from .city import City, build_city
from .detectors import Detector, Scan, make_detector
from .detectors import faces as faces_detector
from .expected import (
    false_alert_probability_per_capture,
    genuine_scale,
    impostor_alert_probability,
)
from .faces import PROFILES, ScoreScale, packing_for_multiplier
from .matcher import BRUTE_MAX, BruteForceMatcher, make_matcher
from .mobility import Trips, make_trips, positions
from .params import BRUTE_MAX_RECORDS, Params
from .people import (
    CAPTURED,
    DETAINED,
    FLAGGED,
    FOUND,
    ONE_COUNT,
    STOPPED,
    WALKING,
    People,
    make_people,
)
from .review import ReviewDesk
from .stops import Dispatch

DAY = 86_400.0
MAX_WATCHLIST = 120_000_000_000
WINDOW = 3 * 3600.0  # a day's captures are computed three hours at a time
SEARCH_BLOCK = 250_000  # captures searched at once (see _advance)
# Every run advances in steps of this many simulated seconds: `python -m sim run`,
# sweep and report (through Model.run), the story's runs and the sandbox. The
# queues depend on the step (a detained or found person leaves the captures and
# shifts every later random draw), so one step everywhere is what makes a run
# watched frame by frame end with exactly the numbers of the same run at once.
STEP_S = 30.0
CAPTURED_SHOW_S = 90.0  # how long a capture stays visible on a person's token
RECENT_ALERTS = 24
# The game and count-only CLI runs keep at most about this many alerts in full
# (about 52 bytes each; a saturated city raises 30 million a day). The counts and
# each person's story stay exact (see Model.__init__).
ALERT_ROWS_KEPT = 1_000_000
# `entry` of an alert raised by the person's own watchlist record (a genuine
# match), not by a stranger's record: its code is drawn at the stored similarity.
OWN_RECORD = faces_detector.OWN_RECORD  # entry of an alert raised by the person's own record

COUNTERS = (
    "faces_scanned",
    "alerts",
    "true_alerts",
    "false_alerts",
    "confirmed",
    "dismissed",
    "expired",
    "passed_unreviewed",
    "stops",
    "wrongful_stops",
    "missed_stops",
    "wrongful_detentions",
    "wanted_found",
    "innocent_detention_hours",
    "expected_false_alerts",
    "expected_true_alerts",
    "expected_innocent_faces",
)

# keys whose change needs a fresh crowd or city: the model resets (same seed)
STRUCTURAL = {"people", "layout", "wanted", "event_share", "detector"}
# a detector's persistent draws (plates, hot list, propensities) depend on these
DETECTOR_KEYS = {"lookalike_sigma", "plates.hot_list", "plates.stale_share"}
CAMERA_KEYS = {
    "cameras",
    "camera_density",
    "bodycams",
    "drones",
    "gates",
    "gate_faces_per_second",
    "phone_searches_per_officer_hour",
    "capture_quality",
}


class Model:
    """One simulated city and everything that happens in it, for one seed."""

    def __init__(self, params: Params, seed: int = 1, alert_rows_limit: int | None = None) -> None:
        """``alert_rows_limit``: keep at most about this many alerts in `log` (None: all).

        The counts, the history and every person's story stay exact either
        way; only the rows of old, finished alerts are let go (see
        `_forget_alerts`). The game sets a limit so that a city left running
        for days cannot fill the memory; the CLI keeps every row for its CSV.
        """
        params.check()
        self.params = params.copy()
        self.seed = int(seed)
        self.alert_rows_limit = alert_rows_limit
        self.reset(seed)

    # ------------------------------------------------------------------ setup
    def reset(self, seed: int | None = None) -> None:
        """Start again from time zero with a clean state (same parameters)."""
        if seed is not None:
            self.seed = int(seed)
        self._ahead: ScanAhead | None = None  # the search done ahead (new streams: dropped)
        self._ahead_s = AHEAD_S  # how far ahead: shorter while guesses keep being wrong
        root = np.random.SeedSequence(self.seed)
        (
            s_people,
            s_city,
            self._s_trips,
            s_match,
            s_capture,
            s_review,
            s_stop,
            s_misc,
            s_noise,
            s_genuine,
            s_detector,
        ) = root.spawn(11)  # children are fixed by index: the first ten are the face model's
        self._s_match = s_match
        self.city: City = build_city()
        self.people: People = make_people(self.params, self.city, np.random.default_rng(s_people))
        self._rng_city = np.random.default_rng(s_city)
        self._rng_capture = np.random.default_rng(s_capture)
        # one stream per per-capture draw, so that the search does not depend on how
        # time is cut into steps: each capture consumes the same draws in time order
        self._rng_noise = np.random.default_rng(s_noise)
        self._rng_genuine = np.random.default_rng(s_genuine)
        self._rng_review = np.random.default_rng(s_review)
        self._rng_stop = np.random.default_rng(s_stop)
        self._s_misc = s_misc  # each record drawn for an alert: a stream of it per alert
        self.cameras: Cameras = place_cameras(self.params, self.city, self._rng_city)
        self.t0 = float(self.params.start_hour) * 3600.0
        self.t = self.t0
        #: True while every step so far ran with the parameters the model was
        #: (re)started with: the run is then exactly `Model(params, seed).run()`'s,
        #: so a screen that needs that run may reuse this one (compare).
        self.pristine = True
        self.day = 0
        self.trips: Trips | None = None
        self._windows_done = 0
        self._caps: Captures | None = None
        self._cap_ptr = 0
        self._day_started = -1
        self.watchlist_size = int(self.params.watchlist_size)
        self._matcher = make_matcher(
            self.params.matcher, self._s_match, self.people.n, self.watchlist_size
        )
        self.log = AlertLog()
        self.desk = ReviewDesk()
        self.dispatch = Dispatch()
        self.dispatch.reset(int(self.params.officers))
        self.recent_alerts: deque[Alert] = deque(maxlen=RECENT_ALERTS)
        g = len(self.people.group_names)
        self._tot = {k: np.zeros(g) for k in COUNTERS}
        self._day_mark = {k: v.copy() for k, v in self._tot.items()}
        # Where "today" began for one person's story: the time of the last day mark
        # and everyone's scan count then (see person_story).
        self._day_mark_t = self.t0
        self._scan_mark = np.zeros(self.people.n, np.int32)
        # per person, what the forgotten alert rows held: since the start, and today
        self._forgotten = _person_tally(self.people.n)
        self._forgotten_today = _person_tally(self.people.n)
        self.history: list[dict[str, Any]] = []
        # distinct people, for every "N of M people": a wanted person found (once,
        # however many queued alerts about them officers answer), an innocent
        # person stopped at least once, an innocent person held at least once
        self._found = np.zeros(self.people.n, bool)
        self._stopped = np.zeros(self.people.n, bool)
        self._held = np.zeros(self.people.n, bool)
        self._alerts_per_camera = np.zeros(self.cameras.n)
        self._alert_nodes: list[np.ndarray] = []
        # the people who may be in a state other than walking (see _expire_states)
        self._unsettled: list[np.ndarray] = []
        self._next_expiry = math.inf  # no shown state ends before this time
        # per person, how often each of the detector's harms reached them
        self.harm: dict[str, np.ndarray] = {}
        self.detector: Detector = make_detector(self.params.detector)
        for key in self.detector.counters:
            self._tot[key] = np.zeros(g)
        self._day_mark = {k: v.copy() for k, v in self._tot.items()}
        self.detector.reset(self, s_detector)
        self._s_detector = s_detector
        self._rescale()

    def _rescale(self) -> None:
        """Recompute what the matcher scores mean after a threshold/profile/group change."""
        p = self.params
        self.profile = PROFILES[p.algorithm]
        self.scale = ScoreScale(self.profile, p.threshold, p.fmr)
        self.packing = np.array(
            [packing_for_multiplier(p.groups[g].fmr_multiplier) for g in self.people.group_names]
        )
        self._gen_scale = genuine_scale(self.profile, p.threshold, p.fnmr)
        self._p_imp = impostor_alert_probability(
            self.scale, self.packing, p.threshold, self.watchlist_size
        )
        self.detector.rescale(self)

    # ------------------------------------------------------------ live knobs
    def set_param(self, key: str, value: Any) -> None:
        """Change one parameter while running: validated, immediate, reversible."""
        trial = self.params.copy()
        trial.set(key, value)
        trial.check()
        self._drop_ahead()
        old = self.params
        self.params = trial
        if (
            key in STRUCTURAL
            or key.endswith(".share")
            or key.endswith(".wanted_share")
            or (key in DETECTOR_KEYS and trial.detector != "faces")
        ):
            self.reset(self.seed)
            return
        self.pristine = False  # changed while running: no longer a run from its start
        if key == "watchlist_size":
            self._resize_watchlist(int(trial.watchlist_size))
        elif key == "matcher":
            self._matcher = make_matcher(
                trial.matcher, self._s_match, self.people.n, self.watchlist_size
            )
        elif key in CAMERA_KEYS or (key == "officers" and trial.bodycams):
            self._replace_cameras()
        if key == "officers":
            self.dispatch.resize(int(trial.officers))
            if trial.bodycams != old.bodycams:
                self._replace_cameras()
        self._rescale()

    def _resize_watchlist(self, size: int) -> None:
        """A new list size (the feedback policies), within what the matcher can hold.

        `matcher=brute` keeps every record (`BRUTE_MAX_RECORDS` at most, as the
        knob's check says): a pooled list growing x1,000 a night once asked it
        for 1e9 records and ran out of memory. It stops growing there; `auto`
        moves to order statistics instead.
        """
        self._drop_ahead()
        most = BRUTE_MAX_RECORDS if self.params.matcher == "brute" else MAX_WATCHLIST
        size = int(min(max(size, 1), most))
        self.watchlist_size = size
        self.params.values["watchlist_size"] = size
        auto_kind = "brute" if size <= BRUTE_MAX else "orderstat"
        if self.params.matcher == "auto" and auto_kind != self._matcher.kind:
            self._matcher = make_matcher("auto", self._s_match, self.people.n, size)
        else:
            self._matcher.resize(size)
        self._rescale()

    def _replace_cameras(self, cctv_nodes: np.ndarray | None = None) -> None:
        """New camera set; today's remaining captures are recomputed from today's trips.

        The recomputation goes window by window, as the day was computed, and
        keeps only what is still to come, so moving a slider late on a busy
        day costs no more memory than one window. At the end of a day there
        is nothing left to recompute: tomorrow is computed with the new set.
        """
        self._drop_ahead()
        self.cameras = place_cameras(self.params, self.city, self._rng_city, cctv_nodes)
        self._alerts_per_camera = np.zeros(self.cameras.n)
        if self.trips is None or self.t >= self.trips.day_start + DAY - 1e-9:
            return
        if self.detector.generates_scans:
            return  # no camera passes are scanned (see _advance)
        caps = self._still_to_come(self._todays_captures(0.0, 0.0, extras=True))
        for w in range(self._windows_done):
            part = self._todays_captures(w * WINDOW, (w + 1) * WINDOW, extras=False)
            part = self._still_to_come(part)
            if len(part):
                caps = caps.merged(part)
        self._caps = caps
        self._cap_ptr = 0

    def _still_to_come(self, caps: Captures) -> Captures:
        """The captures at or after the current time."""
        return caps.slice(int(np.searchsorted(caps.time, self.t, "left")), len(caps))

    # ------------------------------------------------------------------ time
    @property
    def finished(self) -> bool:
        return self.t >= self.end_t - 1e-9

    @property
    def end_t(self) -> float:
        """The simulated time the run ends at."""
        return self.t0 + self.params.hours * 3600.0

    def run(self, hours: float | None = None, dt: float = STEP_S) -> None:
        """Advance until ``hours`` after the start (default: the scenario's length).

        ``dt`` is for tests that show what the step changes; every front end
        keeps the default, so they all run the same model.
        """
        end = self.end_t if hours is None else self.t0 + hours * 3600.0
        while self.t < end - 1e-9:
            self.step(min(dt, end - self.t))

    def step_fixed(self) -> float:
        """One step of STEP_S on the grid every front end shares; returns its length.

        The last step of a run is shorter, exactly as in `run`, so a run
        advanced step by step, at whatever pace, visits the same times as
        `run` does. Nothing happens once the end is reached.
        """
        dt = min(STEP_S, self.end_t - self.t)
        if dt <= 1e-9:
            return 0.0
        self.step(dt)
        return dt

    def step(self, dt: float) -> None:
        """Advance ``dt`` simulated seconds."""
        t_end = self.t + dt
        while self.t < t_end - 1e-9:
            day_end = (math.floor(self.t / DAY + 1e-12) + 1) * DAY
            chunk_end = min(t_end, day_end)
            self._ensure_day()
            self._advance(chunk_end)
            if chunk_end >= day_end - 1e-9:
                self._end_day()
        if self.alert_rows_limit is not None and self.log.n > self.alert_rows_limit:
            self._forget_alerts(self.alert_rows_limit // 2)

    def _forget_alerts(self, keep: int) -> None:
        """Let go of the oldest finished alert rows, down to about ``keep`` rows.

        A finished alert has been reviewed (or expired) and, if it went on,
        its stop is over: nothing in the model will touch its row again, and
        rows in the review or dispatch queues are never finished. What the
        rows held per person is added to tallies first, so `person_story`
        gives the same answer as with every row kept.
        """
        log = self.log
        review, outcome = log.review, log.outcome
        finished = (review != PENDING) & (outcome != O_WAITING)
        drop = finished & (np.arange(log.n) < log.n - keep)
        if not drop.any():
            return
        since_mark = drop & (log.time >= self._day_mark_t)
        for tally, mask in ((self._forgotten, drop), (self._forgotten_today, since_mark)):
            _add_to_tally(tally, log, mask, self.people.n)
        new_row = log.forget(drop)
        self.desk.queue = new_row[self.desk.queue]
        self.dispatch.queue = new_row[self.dispatch.queue]

    def _ensure_day(self) -> None:
        day = int(math.floor(self.t / DAY + 1e-12))
        if self._day_started == day:
            return
        self.day = day
        self._day_started = day
        rng = np.random.default_rng(self._s_trips.spawn(1)[0])
        day_start = day * DAY
        self.trips = make_trips(self.params, self.city, self.people, rng, day_start)
        self._windows_done = 0
        self._cap_ptr = 0
        if not self.detector.generates_scans:
            self._caps = self._todays_captures(0.0, 0.0, extras=True)

    def _todays_captures(self, w0: float, w1: float, extras: bool) -> Captures:
        """Captures of trips starting in [w0, w1) of today (plus the day's extras)."""
        assert self.trips is not None
        return day_captures(
            self.params,
            self.city,
            self.people,
            self.cameras,
            self.trips,
            self._rng_capture,
            self.trips.day_start,
            DAY,
            window=(w0, w1),
            extras=extras,
        )

    def _ensure_windows(self, t_end: float) -> None:
        """Compute the captures of every trip that starts before t_end, window by window.

        A capture never comes before the start of its trip, so once the
        windows up to t_end are in, every capture before t_end is known.
        """
        assert self.trips is not None and self._caps is not None
        need = min(int((t_end - self.trips.day_start) // WINDOW) + 1, int(DAY // WINDOW))
        while self._windows_done < need:
            w0 = self._windows_done * WINDOW
            new = self._todays_captures(w0, w0 + WINDOW, extras=False)
            self._windows_done += 1
            if len(new) == 0:
                continue
            self._caps = self._caps.slice(self._cap_ptr, len(self._caps)).merged(new)
            self._cap_ptr = 0

    def _advance(self, t_end: float) -> None:
        if self.detector.generates_scans:
            # the people still walk the city (and the map shows them), but what is
            # scanned is what this detector makes (calls), not camera passes: those
            # are never computed (they draw from their own stream, used by nothing else)
            batch = self.detector.generate(self, self.t, t_end)
            src = None
        else:
            self._ensure_windows(t_end)
            caps = self._caps
            assert caps is not None
            hi = int(np.searchsorted(caps.time, t_end, "left"))
            # captures before now belong to the time before the run began (start_hour)
            lo = max(self._cap_ptr, int(np.searchsorted(caps.time, self.t, "left")))
            batch = caps.slice(lo, max(lo, hi))
            src = lo  # where the batch starts in today's captures
            self._cap_ptr = hi
        # A long step (a fast-forwarded stadium exit) can hold millions of
        # captures; searching them a block at a time keeps the per-capture
        # temporaries small. Every random draw of the search comes from its own
        # stream in capture order, so the blocks give the same result as one.
        found = [
            self._search(batch.slice(b, min(b + SEARCH_BLOCK, len(batch))), _at(src, b))
            for b in range(0, len(batch), SEARCH_BLOCK)
        ]
        new_rows = np.concatenate(found) if found else np.empty(0, np.int64)
        dt = t_end - self.t
        onward, decided = self.desk.step(
            self.log, new_rows, t_end, dt, self.params, self._rng_review
        )
        self._count_reviews(decided)
        self._stop(self.detector.gate(self, onward), t_end)
        self._expire_states(t_end)
        self.t = t_end

    # ---------------------------------------------------------------- search
    def _search(self, caps: Captures, src: int | None = None) -> np.ndarray:
        """Search one block of captures and log the alerts it raises; returns their rows.

        The steps, each counting what passes through it where it happens:
        which captures are searched at all (`_at_large`), the faces scanned
        (`_count_scanned`), the detector's search (its matcher, for faces;
        `_scan`) and its expectation (`_count_expected`), then the alerts it
        raised (`_count_alerts`) and their rows for review (`_log_alerts`).
        ``src``: where ``caps`` start in today's captures (None: generated).
        """
        if len(caps) == 0:
            return np.empty(0, np.int64)
        raw = len(caps)
        caps = self._at_large(caps)
        grp = self._count_scanned(caps)
        scan = self._scan(caps, src, raw)
        self._count_expected(grp, scan)
        a = np.flatnonzero(scan.alert)
        if len(a) == 0:
            return np.empty(0, np.int64)
        self._count_alerts(caps, grp, scan.is_true, a)
        return self._log_alerts(caps, grp, scan, a)

    def _scan(self, caps: Captures, src: int | None, raw: int) -> Scan:
        """The detector's search of ``caps``, done ahead where it may be (sim/model/ahead.py).

        ``caps`` are the people at large among today's captures
        ``src``..``src + raw``; what is searched ahead starts there.
        """
        det = self.detector
        if src is None or not det.scans_in_order:
            return det.scan(self, caps)
        ahead = self._ahead
        if ahead is None or not ahead.next_is(caps):
            self._drop_ahead()
            caps_ahead = self._captures_ahead(src, raw)
            ahead = ScanAhead(caps_ahead, lambda c: det.scan(self, c), det.streams(self))
            self._ahead = ahead
        return ahead.take(len(caps))

    def _captures_ahead(self, src: int, raw: int) -> Captures:
        """The captures of people at large from today's ``src`` on, up to AHEAD_S ahead.

        Never past the captures known (the windows computed so far: a later
        window can add captures before the end of this one), and never more
        than AHEAD_CAPS beyond the step's own.
        """
        assert self.trips is not None and self._caps is not None
        caps = self._caps
        known = self.trips.day_start + self._windows_done * WINDOW
        hi = int(np.searchsorted(caps.time, min(self.t + self._ahead_s, known), "left"))
        hi = min(max(hi, src + raw), src + max(raw, AHEAD_CAPS))
        return self._at_large(caps.slice(src, hi))

    def _drop_ahead(self) -> None:
        """Forget the search done ahead, streams put back, before what it used changes.

        A guess left half used (someone was stopped before their next
        capture) halves how far the next one looks; one used up doubles it.
        """
        ahead = self._ahead
        if ahead is None:
            return
        if ahead.pos < len(ahead.caps):
            self._ahead_s = max(self._ahead_s / 2, AHEAD_MIN_S)
        else:
            self._ahead_s = min(self._ahead_s * 2, AHEAD_S)
        ahead.give_back(lambda n: self.detector.skip(self, n))
        self._ahead = None

    def _at_large(self, caps: Captures) -> Captures:
        """The captures of people not in custody: someone detained or found is off the street.

        Dropped before anything is counted, so a held person adds no face, no
        alert and no expected alert; this is why the results depend on the step.
        """
        ppl = self.people
        state = ppl.state[caps.person]
        held = ((state == DETAINED) | (state == FOUND)) & (ppl.state_until[caps.person] > caps.time)
        if not held.any():
            return caps
        free = ~held
        return Captures(
            caps.time[free],
            caps.person[free],
            caps.camera[free],
            caps.node[free],
            caps.quality[free],
        )

    def _count_scanned(self, caps: Captures) -> np.ndarray:
        """Count every face scanned, per group and per person, and show the capture on the map.

        Returns each capture's group, which every later count is split by.
        """
        ppl = self.people
        who = caps.person
        grp = ppl.group[who]
        self._tot["faces_scanned"] += np.bincount(grp, minlength=len(ppl.group_names))
        np.add.at(ppl.scan_count, who, ONE_COUNT)
        # a flagged, stopped or held person keeps that state on the map
        show = ppl.state[who] <= CAPTURED
        ppl.state[who[show]] = CAPTURED
        ppl.state_until[who[show]] = caps.time[show] + CAPTURED_SHOW_S
        self._unsettle(who[show])
        return grp

    def _count_expected(self, grp: np.ndarray, scan: Scan) -> None:
        """Add the detector's expected alerts for these captures, beside what happened.

        Summed over the same captures as the counts, so "expected vs what
        happened" compares like with like (people in custody are out of both).
        """
        n_groups = len(self.people.group_names)
        self._tot["expected_true_alerts"] += np.bincount(grp, scan.exp_true, n_groups)
        self._tot["expected_false_alerts"] += np.bincount(grp, scan.exp_false, n_groups)
        self._tot["expected_innocent_faces"] += np.bincount(grp, ~scan.target, n_groups)

    def _count_alerts(
        self, caps: Captures, grp: np.ndarray, is_true: np.ndarray, a: np.ndarray
    ) -> None:
        """Count alerts ``a`` (indices into ``caps``): per group, per person, per camera, per place.

        The person's token turns to flagged until a review clears it; the
        per-camera and per-node counts feed the cameras-follow-alerts policy.
        """
        ppl = self.people
        n_groups = len(ppl.group_names)
        ag = grp[a]
        who = caps.person[a]
        self._tot["alerts"] += np.bincount(ag, minlength=n_groups)
        self._tot["true_alerts"] += np.bincount(ag, is_true[a], n_groups)
        self._tot["false_alerts"] += np.bincount(ag, ~is_true[a], n_groups)
        np.add.at(ppl.flag_count, who, ONE_COUNT)
        flagged = who[ppl.state[who] < FLAGGED]
        ppl.state[flagged] = FLAGGED
        ppl.state_until[flagged] = np.inf
        self._unsettle(flagged)
        cams = caps.camera[a]
        on_cam = cams >= 0
        if on_cam.any() and self.cameras.n:
            np.add.at(self._alerts_per_camera, cams[on_cam], 1)
        self._alert_nodes.append(caps.node[a])

    def _log_alerts(self, caps: Captures, grp: np.ndarray, scan: Scan, a: np.ndarray) -> np.ndarray:
        """Write alerts ``a`` to the log for review and dispatch; returns their rows.

        A detector that has no similarity score, best match or watchlist entry
        (weapons, plates, calls) logs the neutral value of the column. The
        last few join `recent_alerts`, which the game's alert panel shows.
        """
        k = len(a)
        rows = self.log.append(
            time=caps.time[a],
            person=caps.person[a],
            camera=caps.camera[a],
            node=caps.node[a],
            score=scan.score[a] if scan.score is not None else np.full(k, 100.0, np.float32),
            best_cos=scan.best_cos[a] if scan.best_cos is not None else np.zeros(k, np.float32),
            entry=scan.entry[a] if scan.entry is not None else np.full(k, -1, np.int64),
            is_true=scan.is_true[a],
            group=grp[a],
            detail=scan.detail[a] if scan.detail is not None else np.zeros(k, np.int8),
        )
        for r in rows[-4:]:
            self.recent_alerts.append(self.log.view(int(r), self._record_draw(int(r))))
        return rows

    def _record_draw(self, row: int) -> RecordDraw:
        """The watchlist record a given alert matched, to be drawn as a glyph when shown.

        A stranger's record is the real one (brute force) or a record drawn at
        exactly the stored similarity (order statistics); the person's own
        record is drawn at the similarity computed for this capture. Either
        way the pair of glyphs is as alike as the score printed beside it.
        Each drawn record has a stream of its own, named by the alert's person
        and time: the card and `record_code` show the same record, whenever
        and however often they ask.
        """
        person = int(self.log.col("person")[row])
        j = int(self.log.col("entry")[row])
        brute = isinstance(self._matcher, BruteForceMatcher)
        if brute and j != OWN_RECORD and 0 <= j < self._matcher.size:
            return RecordDraw(self._matcher.records[j].copy())
        s = self._s_misc
        ms = int(round(float(self.log.col("time")[row]) * 1000.0))  # the alert: who, and when
        return RecordDraw(
            self.people.code[person].copy(),
            float(self.log.col("best_cos")[row]),
            int(s.entropy),  # type: ignore[arg-type]
            (*s.spawn_key, person, ms),
        )

    # ---------------------------------------------------------- review, stop
    def _count_reviews(self, decided: np.ndarray) -> None:
        """Count the review outcomes decided in this step, and calm dismissed tokens."""
        if len(decided) == 0:
            return
        review = self.log.col("review")[decided]
        group = self.log.col("group")[decided]
        n_groups = len(self.people.group_names)
        for code, key in (
            (CONFIRMED, "confirmed"),
            (DISMISSED, "dismissed"),
            (EXPIRED, "expired"),
            (PASSED, "passed_unreviewed"),
        ):
            self._tot[key] += np.bincount(group[review == code], minlength=n_groups)
        ppl = self.people
        person = self.log.col("person")[decided[(review == DISMISSED) | (review == EXPIRED)]]
        back = person[ppl.state[person] == FLAGGED]
        ppl.state[back] = WALKING
        ppl.state_until[back] = 0.0

    def _stop(self, onward: np.ndarray, t: float) -> None:
        ppl = self.people
        res = self.dispatch.step(
            self.log,
            onward,
            ppl.wanted,
            t,
            self.params,
            self._rng_stop,
            by_row=self.detector.targets_per_scan,
        )
        n_groups = len(ppl.group_names)
        if len(res.missed):
            self._tot["missed_stops"] += np.bincount(
                self.log.col("group")[res.missed], minlength=n_groups
            )
        if len(res.rows) == 0:
            return
        person = self.log.col("person")[res.rows]
        grp = ppl.group[person]
        innocent = ~res.found
        self._tot["stops"] += np.bincount(grp, minlength=n_groups)
        self._tot["wrongful_stops"] += np.bincount(grp, innocent, n_groups)
        self._tot["wrongful_detentions"] += np.bincount(grp, res.detained, n_groups)
        self._tot["innocent_detention_hours"] += np.bincount(grp, res.held_hours, n_groups)
        # one step can answer several queued alerts about the same wanted person:
        # found counts people, so each is counted once, the first time
        found_now = np.unique(person[res.found])
        newly_found = found_now[~self._found[found_now]]
        self._tot["wanted_found"] += np.bincount(ppl.group[newly_found], minlength=n_groups)
        self._found[newly_found] = True
        self._stopped[person[innocent]] = True
        self._held[person[res.detained]] = True
        np.add.at(ppl.stop_count, person, ONE_COUNT)
        np.add.at(ppl.detained_hours, person, res.held_hours.astype(np.float32))
        self.detector.respond(self, res, person)
        stop_end = res.arrive + self.params.stop_min * 60.0
        state = np.where(res.found, FOUND, np.where(res.detained, DETAINED, STOPPED))
        until = np.where(
            res.found, np.inf, np.where(res.detained, res.arrive + res.held_hours * 3600, stop_end)
        )
        ppl.state[person] = np.maximum(ppl.state[person], state).astype(np.uint8)
        ppl.state_until[person] = np.maximum(ppl.state_until[person], until)
        self._unsettle(person)

    def _expire_states(self, t: float) -> None:
        """Everyone whose shown state (captured, stopped, held...) has run out walks again.

        Only the people given a state since the last call, or still in one, can
        change: they are kept in `_unsettled`, so a step costs what happened in
        it, not the size of the city (a scan of all 1M people every 30 s step
        was an eighth of a day's work).
        """
        if t < self._next_expiry:  # nobody's time is up yet (most steps)
            return
        ppl = self.people
        if sum(len(w) for w in self._unsettled) * 8 >= ppl.n:  # a small city: look at everyone
            done = (ppl.state != WALKING) & (ppl.state_until <= t)
            ppl.state[done] = WALKING
            still = np.flatnonzero(ppl.state != WALKING)
        else:
            who = np.sort(np.concatenate(self._unsettled))
            who = who[np.concatenate(([True], who[1:] != who[:-1]))]  # each person once
            busy = ppl.state[who] != WALKING
            done = busy & (ppl.state_until[who] <= t)
            ppl.state[who[done]] = WALKING
            still = who[busy & ~done]
        self._unsettled = [still] if len(still) else []
        self._next_expiry = float(ppl.state_until[still].min()) if len(still) else math.inf

    def _unsettle(self, who: np.ndarray) -> None:
        """Note people just given a shown state, and when the first of them ends."""
        if len(who):
            self._unsettled.append(who)
            self._next_expiry = min(self._next_expiry, float(self.people.state_until[who].min()))

    # ------------------------------------------------------------ day/feedback
    def _end_day(self) -> None:
        """Close the day: record it, then apply the feedback policies for tomorrow."""
        self._drop_ahead()
        self.history.append(self._day_record())
        self._day_mark = {k: v.copy() for k, v in self._tot.items()}
        self._day_mark_t = self.t
        self._scan_mark = self.people.scan_count.copy()
        self._forgotten_today = _person_tally(self.people.n)
        p = self.params
        if p.get("policy.stopped_join_watchlist"):
            new = self._stopped & ~self.people.listed
            added = int(new.sum())
            if added:
                self.people.listed |= new
                self._resize_watchlist(self.watchlist_size + added)
        if p.get("policy.share_watchlists"):
            self._resize_watchlist(int(min(self.watchlist_size * p.share_growth, MAX_WATCHLIST)))
        if p.get("policy.cameras_follow_alerts") and self._alert_nodes:
            self._cameras_follow_alerts()
        self._alert_nodes = []
        self._alerts_per_camera = np.zeros(self.cameras.n)

    def _cameras_follow_alerts(self) -> None:
        """Move the quietest quarter of CCTV cameras into the districts with the most alerts.

        Alerts can only happen where cameras are, so the cameras drift towards
        wherever the algorithm errs most: a loop that feeds itself.
        """
        cctv = np.flatnonzero(self.cameras.kind == 0)
        nodes = np.concatenate(self._alert_nodes)
        if len(cctv) == 0 or len(nodes) == 0:
            return
        current = self.cameras.node[cctv].copy()
        quiet = np.argsort(self._alerts_per_camera[cctv], kind="stable")[: max(1, len(cctv) // 4)]
        district = self.city.node_district
        per_district = np.bincount(district[nodes], minlength=len(self.city.districts))
        weight = per_district[district].astype(float)
        weight[current] = 0.0  # somewhere not yet watched
        if weight.sum() == 0:
            return
        k = min(len(quiet), int((weight > 0).sum()))
        target = self._rng_city.choice(len(weight), size=k, replace=False, p=weight / weight.sum())
        current[quiet[:k]] = target
        self._replace_cameras(current)

    def _delta(self, mark: dict[str, np.ndarray]) -> dict[str, Any]:
        keys = COUNTERS + self.detector.counters
        d = {k: float((self._tot[k] - mark[k]).sum()) for k in keys}
        return {
            k: (round(v, 3) if k.startswith("expected") or "hours" in k else int(round(v)))
            for k, v in d.items()
        }

    def _day_record(self) -> dict[str, Any]:
        """The counts of the current day so far, as one entry of `history`."""
        today = self._delta(self._day_mark)
        today["day"] = self.day
        today["watchlist_size"] = self.watchlist_size
        today["cameras"] = int((self.cameras.kind == 0).sum())
        return today

    def history_so_far(self) -> list[dict[str, Any]]:
        """Every day the run has touched: the closed days, then today if it has begun.

        A run that ends before midnight (the ACLU's one hour, a day that
        starts at 07:00) still has its last day in the record; only a day
        closed exactly at midnight is not repeated.
        """
        if self.t <= self._day_mark_t + 1e-9:
            return list(self.history)
        return [*self.history, self._day_record()]

    @property
    def today(self) -> dict[str, Any]:
        """Counts since the start of the current day."""
        return self._delta(self._day_mark)

    # ---------------------------------------------------------------- drawing
    def positions(self, idx: np.ndarray, t: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Positions (metres) of people ``idx`` at time t (defaults to now)."""
        return positions(self.city, self.people, self.trips, idx, self.t if t is None else t)

    # ---------------------------------------------------------------- summary
    def summary(self, scenario: str = "") -> dict[str, Any]:
        """Everything a run produced, in the JSON schema of `run --json` (see the README)."""
        from .. import __version__

        tot = {k: float(v.sum()) for k, v in self._tot.items()}
        ppl = self.people
        innocent = ~ppl.wanted & ~self._found
        det = self.detector
        scans = int(tot["faces_scanned"])  # the shared scan counter (kept under its old name)
        totals = {
            "people": int(ppl.n),
            "faces_scanned": scans if det.name == "faces" else 0,
            "alerts": int(tot["alerts"]),
            "true_alerts": int(tot["true_alerts"]),
            "false_alerts": int(tot["false_alerts"]),
            "confirmed": int(tot["confirmed"]),
            "stops": int(tot["stops"]),
            "wrongful_stops": int(tot["wrongful_stops"]),
            "wanted_present": int((ppl.wanted | self._found).sum()),
            "wanted_found": int(tot["wanted_found"]),
            "innocent_people_flagged": int(((ppl.flag_count > 0) & innocent).sum()),
            "innocent_people_stopped": int(((ppl.stop_count > 0) & innocent).sum()),
            "innocent_people_held": int((self._held & innocent).sum()),
            "innocent_detention_hours": round(tot["innocent_detention_hours"], 1),
            "dismissed": int(tot["dismissed"]),
            "expired": int(tot["expired"]),
            "passed_unreviewed": int(tot["passed_unreviewed"]),
            "missed_stops": int(tot["missed_stops"]),
            "wrongful_detentions": int(tot["wrongful_detentions"]),
            "watchlist_size": int(self.watchlist_size),
            "hours": round((self.t - self.t0) / 3600.0, 3),
            # detector-neutral names, the same for every detector
            "scans": scans,
            "scan_unit": det.scan_noun,
            **det.totals(self),
        }
        alerts = totals["alerts"]
        e_false, e_true = tot["expected_false_alerts"], tot["expected_true_alerts"]
        innocent_faces = tot["expected_innocent_faces"]
        rates = {
            "precision": (totals["true_alerts"] / alerts) if alerts else None,
            "false_alerts_per_face": (totals["false_alerts"] / totals["faces_scanned"])
            if totals["faces_scanned"]
            else 0.0,
            "p_false_alert_per_capture": false_alert_probability_per_capture(
                e_false, innocent_faces
            ),
            "false_alerts_per_scan": (totals["false_alerts"] / scans) if scans else 0.0,
        }
        expected = {
            "false_alerts": round(e_false, 3),
            "true_alerts": round(e_true, 3),
            "precision": (e_true / (e_true + e_false)) if (e_true + e_false) > 0 else None,
            "alerts": round(e_true + e_false, 3),
            **det.expected(self),
        }
        groups = {}
        sizes = ppl.group_sizes()
        for gi, name in enumerate(ppl.group_names):
            members = ppl.group == gi
            people_g = int(sizes[gi])
            wrongful = int(self._tot["wrongful_stops"][gi])
            stopped_g = int(((ppl.stop_count > 0) & innocent & members).sum())
            groups[name] = {
                "people": people_g,
                "wanted_present": int(((ppl.wanted | self._found) & members).sum()),
                "wanted_found": int(self._tot["wanted_found"][gi]),
                "faces_scanned": int(self._tot["faces_scanned"][gi]) if det.name == "faces" else 0,
                "scans": int(self._tot["faces_scanned"][gi]),
                "alerts": int(self._tot["alerts"][gi]),
                "false_alerts": int(self._tot["false_alerts"][gi]),
                "expected_false_alerts": round(float(self._tot["expected_false_alerts"][gi]), 3),
                "wrongful_stops": wrongful,
                "wrongful_stops_per_10k": (wrongful / people_g * 10_000) if people_g else 0.0,
                "wrongful_detentions": int(self._tot["wrongful_detentions"][gi]),
                "innocent_people_stopped": stopped_g,
                "innocent_people_stopped_per_10k": (stopped_g / people_g * 10_000)
                if people_g
                else 0.0,
                "innocent_people_held": int((self._held & innocent & members).sum()),
                "innocent_people_flagged": int(((ppl.flag_count > 0) & innocent & members).sum()),
                "innocent_detention_hours": round(
                    float(self._tot["innocent_detention_hours"][gi]), 1
                ),
                "fmr_at_threshold": float(self._group_fmr(gi)),
            }
        for key in det.counters:
            for gi, name in enumerate(ppl.group_names):
                v = float(self._tot[key][gi])
                groups[name][key] = round(v, 4) if key.startswith("expected") else int(round(v))
        return {
            "version": __version__,
            "scenario": scenario,
            "detector": det.name,
            "seed": self.seed,
            "params": self.params.as_dict(),
            "totals": totals,
            "rates": rates,
            "expected": expected,
            "groups": groups,
            "history": self.history_so_far(),
        }

    def person_story(self, person: int, today: bool = True) -> dict[str, Any]:
        """What happened to one person: scans, alerts, reviews, stops, hours held.

        The per-person arrays on People are whole-run totals; the game asks
        about the same span as its counts ("today", or since the start), so
        the alerts are read back from the log with a time cut. An alert that
        began today is counted with everything it led to (a stop after
        midnight included). One boolean mask over the log, no Python loop:
        cheap even with a hundred thousand alerts.
        """
        p = int(person)
        ppl, log = self.people, self.log
        since = self._day_mark_t if today else -math.inf
        mine = (log.person == p) & (log.time >= since)
        outcome = log.outcome[mine]
        scans = int(ppl.scan_count[p]) - (int(self._scan_mark[p]) if today else 0)
        gone = self._forgotten_today if today else self._forgotten
        return {
            "person": p,
            "group": ppl.group_names[int(ppl.group[p])],
            "wanted": bool(ppl.wanted[p]),
            "found": bool(self._found[p]),
            "scans": scans,
            "alerts": int(mine.sum()) + int(gone["alerts"][p]),
            "false_alerts": int((~log.is_true[mine]).sum()) + int(gone["false_alerts"][p]),
            "confirmed": int((log.review[mine] == CONFIRMED).sum()) + int(gone["confirmed"][p]),
            "stops": int(np.isin(outcome, STOP_OUTCOMES).sum()) + int(gone["stops"][p]),
            "held_hours": float(log.held_hours[mine][outcome == O_DETAINED].sum())
            + float(gone["held_hours"][p]),
        }

    def person_alerts(self, person: int) -> dict[str, np.ndarray]:
        """Every alert about one person still in the log, oldest first.

        The story follows one innocent lookalike through the day: when each
        alert fired, how alike the two codes were (0-100), which record it
        matched (``entry``; OWN_RECORD for the person's own), what the
        operator did (``review``, codes of REVIEW) and what became of it
        (``outcome``, codes of OUTCOME). ``row`` is the log row, for
        `record_code`. Copies: the log grows and forgets rows as it runs.
        """
        log = self.log
        rows = np.flatnonzero(log.person == int(person))
        rows = rows[np.argsort(log.time[rows], kind="stable")]
        return {
            "row": rows,
            "time": log.time[rows].copy(),
            "score": log.score[rows].copy(),
            "entry": log.entry[rows].copy(),
            "review": log.review[rows].copy(),
            "outcome": log.outcome[rows].copy(),
            "held_hours": log.held_hours[rows].copy(),
        }

    def record_code(self, row: int) -> np.ndarray:
        """The face code of the watchlist record that alert `row` matched (to draw it).

        The same code the alert card shows (see `_record_draw`): the real
        record for a small list, one drawn at the stored similarity for a
        list of millions.
        """
        return self._record_draw(int(row))()

    def _group_fmr(self, gi: int) -> float:
        from .faces import group_fmr

        return group_fmr(self.scale, float(self.packing[gi]), self.params.threshold)

    def innocent_flag_counts(self) -> np.ndarray:
        """Alerts about each person who is not wanted (0 for the wanted): all false.

        How the false alerts are shared out among innocent people: a few
        lookalikes get many, most people none (the story counts how few got
        half of them).
        """
        ppl = self.people
        innocent = ~ppl.wanted & ~self._found
        return np.where(innocent, ppl.flag_count, 0)

    def most_flagged_innocents(self, k: int = 5) -> list[dict[str, Any]]:
        """The innocent people flagged most often: lookalikes are not spread evenly."""
        ppl = self.people
        counts = self.innocent_flag_counts()
        k = min(k, int((counts > 0).sum()))
        if k == 0:
            return []
        top = np.argpartition(-counts, k - 1)[:k]
        top = top[np.argsort(-counts[top], kind="stable")]
        return [
            {
                "person": int(i),
                "group": ppl.group_names[int(ppl.group[i])],
                "flags": int(ppl.flag_count[i]),
                "stops": int(ppl.stop_count[i]),
                "detained_hours": float(ppl.detained_hours[i]),
            }
            for i in top
        ]


STOP_OUTCOMES = (O_RELEASED, O_DETAINED, O_FOUND)


def _person_tally(n: int) -> dict[str, np.ndarray]:
    """Per-person sums of what forgotten alert rows held (see Model._forget_alerts)."""
    return {
        "alerts": np.zeros(n, np.int32),
        "false_alerts": np.zeros(n, np.int32),
        "confirmed": np.zeros(n, np.int32),
        "stops": np.zeros(n, np.int32),
        "held_hours": np.zeros(n, np.float64),
    }


def _at(src: int | None, offset: int) -> int | None:
    """A position ``offset`` on from ``src`` in today's captures (None: the scans are generated)."""
    return None if src is None else src + offset


def _add_to_tally(tally: dict[str, np.ndarray], log: AlertLog, rows: np.ndarray, n: int) -> None:
    """Add the alerts where ``rows`` is True to the per-person tally."""
    if not rows.any():
        return
    person = log.person[rows]
    outcome = log.outcome[rows]
    tally["alerts"] += np.bincount(person, minlength=n).astype(np.int32)
    tally["false_alerts"] += np.bincount(person, ~log.is_true[rows], n).astype(np.int32)
    tally["confirmed"] += np.bincount(person, log.review[rows] == CONFIRMED, n).astype(np.int32)
    tally["stops"] += np.bincount(person, np.isin(outcome, STOP_OUTCOMES), n).astype(np.int32)
    held = np.where(outcome == O_DETAINED, log.held_hours[rows], 0.0)
    tally["held_hours"] += np.bincount(person, held, n)
