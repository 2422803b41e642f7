"""Licence-plate readers: every plate passing a camera is read and compared with a hot list.

Mechanism (Green v. City and County of San Francisco, 2009: 5SOW350 read as
5SOW750, one character wrong, a stolen truck on the hot list, a woman held at
gunpoint because nobody checked the plate by eye):

* a share ``plates.car_share`` of camera passes are by car; the fixed cameras
  and the patrol cars' cameras (the body-camera kind) read the plate;
* plates are strings in one real format, digit-letter-letter-letter-digit-
  digit-digit (California's, as in the Green case), codes in base 36;
* the reader misreads each character independently with
  ``plates.misread_rate`` (times ``plates.night_factor`` from 20:00 to 06:00);
  a misread character becomes a confusable one (0/O, 8/B, 5/S, 1/I, 3/8,
  7/1...) `CONFUSABLE_WEIGHT` times more often than any other: the
  confusion matrix ``C`` (`confusion`);
* an alert fires when the READ is on the hot list: the wanted people's plates
  (true hits), the plates of a few of the city's cars that were recovered but
  are still listed (``plates.stale_share``: a stale list, an exact read hits
  them) and random plates of cars elsewhere, up to ``plates.hot_list``;
* policy ``plates.eye_check``: before a stop an officer compares the plate by
  eye and calls off a misread with ``plates.eye_check_catch`` (a stale entry
  passes: the plate really is the listed one);
* the response to a hot-list hit is a high-risk stop: an innocent driver
  reached is held at gunpoint.

Expectation, exactly for the list drawn: for a car with plate x,
``P(read on list | x) = sum_h prod_k C[x_k, h_k]`` over hot plates h. Plates
more than two characters away contribute less than ``e^3`` each and there
are almost none (see `pair_probabilities`), so the sum runs over the hot
plates within two characters, found with 21 two-position masked keys.
Analytic, for a plate not on a list of H random plates in a format space of
S plates: ``P = H / S * (P(read is a valid plate) - P(read == x))`` with
``P(read valid) = prod_k sum_{d in class_k} C[x_k, d]`` (`p_false_hit_formula`).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

import numpy as np

from ..camera_kinds import BODYCAM, CCTV
from . import Detector, Scan, count_per_person, people_harmed

if TYPE_CHECKING:
    from ..capture import Captures
    from ..model import Model
    from ..stops import StopResult

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = np.arange(10)
LETTERS = np.arange(10, 36)
FORMAT = "DLLLDDD"  # California: 5SOW350
K = len(FORMAT)
SPACE = 10 ** FORMAT.count("D") * 26 ** FORMAT.count("L")  # valid plates
CONFUSABLE = ("0O", "8B", "5S", "1I", "38", "71", "2Z", "0D", "6G", "4A", "OQ", "UV", "1L")
CONFUSABLE_WEIGHT = 30.0
NIGHT = (20.0, 6.0)  # o'clock: reads are worse between these hours
MISREAD, EXACT = 1, 2  # Scan.detail: a read that differs from the plate / equals it
POW = 36 ** np.arange(K, dtype=np.int64)


def confusion(e: float) -> np.ndarray:
    """36x36 matrix C[true, read]: 1 - e on the diagonal, e spread by confusability."""
    w = np.ones((36, 36))
    for a, b in CONFUSABLE:
        i, j = ALPHABET.index(a), ALPHABET.index(b)
        w[i, j] = w[j, i] = CONFUSABLE_WEIGHT
    np.fill_diagonal(w, 0.0)
    c = e * w / w.sum(axis=1, keepdims=True)
    np.fill_diagonal(c, 1.0 - e)
    return c


def encode(chars: np.ndarray) -> np.ndarray:
    """(n, K) character indices -> int64 codes (a sum, not a matmul: numpy has no int BLAS)."""
    code = np.zeros(len(chars), np.int64)
    for k in range(K):
        code += chars[:, k] * POW[k]
    return code


def text(code: int) -> str:
    """A plate code as its string, e.g. '5SOW350'."""
    return "".join(ALPHABET[(int(code) // int(p)) % 36] for p in POW)


def random_plates(rng: np.random.Generator, n: int) -> np.ndarray:
    """(n, K) uint8 character indices of valid plates in FORMAT."""
    out = np.empty((n, K), np.uint8)
    for k, f in enumerate(FORMAT):
        out[:, k] = rng.integers(0, 10, n) if f == "D" else rng.integers(10, 36, n)
    return out


def p_false_hit_formula(c: np.ndarray, plate: np.ndarray, hot_random: int) -> np.ndarray:
    """Chance a read of ``plate`` (not listed) hits a list of ``hot_random`` random plates.

    Each valid read r != x is on the list with chance H / S (the list is a
    uniform sample of the format space), so the chance is H / S times the
    chance the read is a valid plate other than x.
    """
    valid = np.ones(len(plate))
    same = np.ones(len(plate))
    into = {f: c[:, DIGITS if f == "D" else LETTERS].sum(axis=1) for f in set(FORMAT)}
    for k, f in enumerate(FORMAT):
        valid *= into[f][plate[:, k]]  # P(the read of this character is of its class)
        same *= c[plate[:, k], plate[:, k]]
    return hot_random / SPACE * (valid - same)


def pair_probabilities(
    plates: np.ndarray, hot: np.ndarray, cs: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Every (car, hot plate) pair within two characters, and P(read == h | x) per matrix.

    Two plates within two characters agree on at least five positions, so
    they share the key of at least one of the 21 two-position masks. A pair
    is kept only under its own canonical mask (the positions where the two
    differ, padded with the lowest others), so it is counted once without a
    global de-duplication. The cars' keys are sorted (there are fewer cars
    than hot plates) and every hot plate is looked up in them.
    """
    found_i, found_h = [], []
    p_code, h_code = encode(plates), encode(hot)
    buckets = 64 * len(plates) + 1
    for a, b in itertools.combinations(range(K), 2):
        # the code with positions a and b blanked out: equal keys agree elsewhere
        pk = p_code - plates[:, a] * POW[a] - plates[:, b] * POW[b]
        hk = h_code - hot[:, a] * POW[a] - hot[:, b] * POW[b]
        order = np.argsort(pk)
        ps = pk[order]
        # a bit table of the cars' keys rules out almost every hot plate at once;
        # only the few candidates left are looked up (searchsorted is slow on
        # millions of unsorted queries)
        table = np.zeros(buckets, bool)
        table[pk % buckets] = True
        cand = np.flatnonzero(table[hk % buckets])
        lo = np.searchsorted(ps, hk[cand], "left")
        cnt = np.searchsorted(ps, hk[cand], "right") - lo
        if not cnt.any():
            continue
        h = np.repeat(cand, cnt)
        offset = np.arange(len(h)) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        i = order[np.repeat(lo, cnt) + offset]
        neq = plates[i] != hot[h]
        nd = neq.sum(axis=1)
        mine = nd == 2
        if a == 0:
            mine |= (nd == 1) & (neq[:, b] | (neq[:, 0] if b == 1 else False))
            if b == 1:
                mine |= nd == 0
        found_i.append(i[mine])
        found_h.append(h[mine])
    if not found_i:
        e = np.empty(0, np.int64)
        return e, e, [np.empty(0) for _ in cs]
    i, h = np.concatenate(found_i), np.concatenate(found_h)
    probs = []
    for c in cs:
        pr = np.ones(len(i))
        for k in range(K):
            pr *= c[plates[i, k], hot[h, k]]
        probs.append(pr)
    return i, h, probs


class PlateDetector(Detector):
    """Plate reads against a hot list, an optional eye check, a high-risk stop."""

    name = "plates"
    scan_noun = "plate reads"
    counters = (
        "plate_reads",
        "misread_alerts",
        "stale_alerts",
        "eye_check_caught",
        "held_at_gunpoint",
        "expected_misread_alerts",
        "expected_exact_alerts",
        "expected_innocent_unlisted_reads",
        "expected_false_misread_unlisted",
        "expected_formula_unlisted",
    )

    def reset(self, model: Model, seed: np.random.SeedSequence) -> None:
        # the eye check draws from its own stream: a run with the check and one
        # without (same seed) read the same plates and raise the same alerts, so
        # the difference between them is the check alone (the story compares them)
        s_plates, s_run, s_eye = seed.spawn(3)
        rng = np.random.default_rng(s_plates)
        p, ppl = model.params, model.people
        n = ppl.n
        self.plates = random_plates(rng, n)
        self.code = encode(self.plates)
        innocent = np.flatnonzero(~ppl.wanted)
        n_stale = min(int(round(p.get("plates.stale_share") * n)), len(innocent))
        self.stale = np.zeros(n, bool)
        self.stale[rng.choice(innocent, n_stale, replace=False)] = True
        city_hot = np.flatnonzero(ppl.wanted | self.stale)
        self.hot_random = max(int(p.get("plates.hot_list")) - len(city_hot), 0)
        # cars elsewhere: a listed plate is unique, so none is a city car's plate
        others = random_plates(rng, self.hot_random)
        clash = np.isin(encode(others), self.code)
        while clash.any():
            others[clash] = random_plates(rng, int(clash.sum()))
            clash = np.isin(encode(others), self.code)
        self.hot = np.concatenate([self.plates[city_hot], others])
        self.hot_code = np.sort(encode(self.hot))
        self.listed = ppl.wanted | self.stale  # own plate on the hot list
        self.rng = np.random.default_rng(s_run)
        self.rng_eye = np.random.default_rng(s_eye)
        self._e: tuple[float, float] | None = None

    def rescale(self, model: Model) -> None:
        """Per car, the chance one read is on the hot list, by day and by night."""
        p = model.params
        e_day = float(p.get("plates.misread_rate"))
        e_night = min(e_day * float(p.get("plates.night_factor")), 0.9)
        if self._e == (e_day, e_night):
            return
        self._e = (e_day, e_night)
        self.c = (confusion(e_day), confusion(e_night))
        i, h, (pd, pn) = pair_probabilities(self.plates, self.hot, list(self.c))
        own = np.all(self.plates[i] == self.hot[h], axis=1)
        n = len(self.plates)
        # [day, night] x [misread hit, exact hit]
        self.p_mis = np.stack([np.bincount(i, pr * ~own, n) for pr in (pd, pn)])
        self.p_exact = np.stack([np.bincount(i, pr * own, n) for pr in (pd, pn)])
        self.formula = np.stack(
            [p_false_hit_formula(c, self.plates, self.hot_random) for c in self.c]
        )

    def scan(self, model: Model, caps: Captures) -> Scan:
        p = model.params
        who = caps.person
        m = len(who)
        hour = (caps.time % 86_400.0) / 3600.0
        night = ((hour >= NIGHT[0]) | (hour < NIGHT[1])).astype(np.int64)
        kind = np.full(m, -1, np.int64)  # a phone search (camera -1) reads no plate
        on_cam = caps.camera >= 0
        kind[on_cam] = model.cameras.kind[caps.camera[on_cam]]
        share = float(p.get("plates.car_share"))
        plate_cam = (kind == CCTV) | (kind == BODYCAM)
        car = plate_cam & (self.rng.random(m) < share)
        # the read: each character misread independently, into a confusable one more often
        true_chars = self.plates[who]
        e = np.array(self._e)[night]
        wrong = self.rng.random((m, K)) < e[:, None]
        read = true_chars.copy()
        r_i, r_k = np.nonzero(wrong & car[:, None])
        if len(r_i):
            c = np.stack(self.c)[night[r_i], true_chars[r_i, r_k]]  # rows of C
            off = c.copy()
            off[np.arange(len(r_i)), true_chars[r_i, r_k]] = 0.0
            cum = np.cumsum(off, axis=1)
            u = self.rng.random(len(r_i)) * cum[:, -1]
            read[r_i, r_k] = np.minimum((cum < u[:, None]).sum(axis=1), 35).astype(np.uint8)
        code = encode(read)
        if len(self.hot_code):
            pos = np.minimum(np.searchsorted(self.hot_code, code), len(self.hot_code) - 1)
            on_list = car & (self.hot_code[pos] == code)
        else:  # an empty hot list: nothing to hit
            on_list = np.zeros(m, bool)
        exact = code == self.code[who]
        wanted = model.people.wanted[who]
        # the expectation before the car-or-foot draw: share x P(hit | a read)
        carf = share * plate_cam.astype(np.float64)
        p_mis = self.p_mis[night, who]
        p_ex = self.p_exact[night, who]
        p_hit = carf * (p_mis + p_ex)
        tot, ppl = model._tot, model.people
        grp = ppl.group[who]
        g = len(ppl.group_names)
        tot["expected_misread_alerts"] += np.bincount(grp, carf * p_mis, g)
        tot["expected_exact_alerts"] += np.bincount(grp, carf * p_ex, g)
        unlisted = ~wanted & ~self.listed[who]
        tot["expected_innocent_unlisted_reads"] += np.bincount(grp, carf * unlisted, g)
        tot["expected_false_misread_unlisted"] += np.bincount(grp, carf * unlisted * p_mis, g)
        formula = self.formula[night, who]
        tot["expected_formula_unlisted"] += np.bincount(grp, carf * unlisted * formula, g)
        tot["misread_alerts"] += np.bincount(grp, on_list & ~exact, g)
        tot["stale_alerts"] += np.bincount(grp, on_list & exact & ~wanted, g)
        tot["plate_reads"] += np.bincount(grp, car, g)
        return Scan(
            alert=on_list,
            is_true=on_list & wanted,
            target=wanted,
            exp_true=np.where(wanted, p_hit, 0.0),
            exp_false=np.where(wanted, 0.0, p_hit),
            score=np.where(exact, 100.0, 100.0 * (1.0 - (read != true_chars).mean(axis=1))).astype(
                np.float32
            ),
            entry=code,
            detail=np.where(exact, EXACT, MISREAD).astype(np.int8),
        )

    def gate(self, model: Model, onward: np.ndarray) -> np.ndarray:
        """The eye check: an officer compares the plate before stopping the car."""
        if len(onward) == 0 or not model.params.get("plates.eye_check"):
            return onward
        log = model.log
        misread = log.col("detail")[onward] == MISREAD
        caught = misread & (
            self.rng_eye.random(len(onward)) < model.params.get("plates.eye_check_catch")
        )
        grp = log.col("group")[onward]
        model._tot["eye_check_caught"] += np.bincount(grp, caught, len(model.people.group_names))
        return onward[~caught]

    def respond(self, model: Model, res: StopResult, person: np.ndarray) -> None:
        """A hot-list hit is a high-risk stop: an innocent driver is held at gunpoint."""
        count_per_person(model, "held_at_gunpoint", person, ~res.found)

    def totals(self, model: Model) -> dict[str, Any]:
        tot = model._tot
        return {
            "plate_reads": int(tot["plate_reads"].sum()),
            "misread_alerts": int(tot["misread_alerts"].sum()),
            "stale_alerts": int(tot["stale_alerts"].sum()),
            "eye_check_caught": int(tot["eye_check_caught"].sum()),
            "held_at_gunpoint": int(tot["held_at_gunpoint"].sum()),
            "innocent_people_held_at_gunpoint": people_harmed(model, "held_at_gunpoint"),
            "hot_list": int(len(self.hot_code)),
            "stale_entries": int(self.stale.sum()),
        }

    def expected(self, model: Model) -> dict[str, Any]:
        tot = model._tot
        reads = float(tot["expected_innocent_unlisted_reads"].sum())
        mis = float(tot["expected_false_misread_unlisted"].sum())
        formula = float(tot["expected_formula_unlisted"].sum())
        return {
            "misread_alerts": round(float(tot["expected_misread_alerts"].sum()), 4),
            "exact_alerts": round(float(tot["expected_exact_alerts"].sum()), 4),
            # P(read on the list | plate not listed): exact for this list, and the formula
            "p_false_hit_per_read": (mis / reads) if reads else None,
            "p_false_hit_per_read_formula": (formula / reads) if reads else None,
        }
