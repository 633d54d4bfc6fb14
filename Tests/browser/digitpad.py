"""Helpers for the browser tests: real pen digits, replaying them on the pad, reading answers."""

from __future__ import annotations

import json
import math
import os
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts"

#: The prediction for the current drawing is on screen.
SETTLED = "#prediction[data-digit]:not([data-pending])"
#: In number mode: the reading of the current drawing is on screen.
NUMBER_SETTLED = "#number[data-text]:not([data-pending])"

#: Per model, the share of the replayed digits it should read right (softmax regression is a
#: linear baseline and has no goal beyond its floor in test_page.py).
GOALS = {"ensemble": 0.98, "multilayer-cnn": 0.98, "wide-cnn": 0.96, "shallow-cnn": 0.96}

#: The pen writers kept for validation (never trained on): the only ones the page is tested with.
VALIDATION_WRITERS = range(26, 31)
#: How many samples of each digit are replayed, spread over the validation writers.
SAMPLES_PER_DIGIT = 10
#: Fraction of the pad's side that the longer side of a replayed digit spans.
DIGIT_SPAN = 0.65
#: Longest straight mouse or touch move along a stroke, in CSS pixels.
STEP_PX = 5.0
#: Height of a written number's digits as a fraction of the number pad's height (the server's
#: `NumberComposer` writes 180 px digits on its 280 px pad).
NUMBER_DIGIT_HEIGHT = 0.62
#: Natural gaps between neighbouring digits' boxes (centre lines), in digit heights: from inks
#: a little apart to well apart, never touching.
NUMBER_GAP = (0.2, 0.45)
#: Digit heights vary by up to this factor either way, and baselines by this share of a height.
NUMBER_SIZE_JITTER = 0.1
NUMBER_BASELINE_JITTER = 0.05


@dataclass
class Measurements:
    """What the tests measured, printed at the end of the run by conftest's summary hook."""

    #: model id -> [(label, read digit or "", writer, sample index)]
    readings: dict[str, list[tuple[int, str, int, int]]] = field(default_factory=lambda: defaultdict(list))
    #: milliseconds from pointer-up to the answer being shown, measured inside the page
    page_latencies_ms: list[float] = field(default_factory=list)
    #: the same, measured from the test (mouse-up returned to the answer seen)
    wall_latencies_ms: list[float] = field(default_factory=list)
    #: model that answered the latency measurements
    latency_model: str = ""
    #: written numbers in number mode: (text written, text read, writer)
    numbers: list[tuple[str, str, int]] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)


MEASURED = Measurements()


@dataclass(frozen=True)
class PenDigit:
    label: int
    writer: int
    index: int  # line number in the JSON Lines file
    strokes: list[list[tuple[float, float]]]


def pendigits_file() -> Path:
    """The pen digits JSON Lines file: $DIGIT_READER_PENDIGITS or ../shared beside the repo."""
    configured = os.environ.get("DIGIT_READER_PENDIGITS")
    folder = Path(configured) if configured else REPO.parent / "shared" / "datasets" / "pendigits-dev"
    if folder.is_file():
        return folder
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise FileNotFoundError(
            f"no pen digits (*.jsonl) in {folder}; set DIGIT_READER_PENDIGITS to the pendigits-dev folder"
        )
    return files[0]


def load_pen_digits() -> list[PenDigit]:
    digits = []
    with pendigits_file().open(encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            if not line.strip():
                continue
            row = json.loads(line)
            strokes = [[(float(x), float(y)) for x, y in stroke] for stroke in row["strokes"] if stroke]
            digits.append(PenDigit(int(row["label"]), int(row["writer"]), index, strokes))
    return digits


def pick_samples(digits: list[PenDigit], per_digit: int = SAMPLES_PER_DIGIT) -> list[PenDigit]:
    """A fixed selection from the validation writers only (never trained on): for digit d, the
    writers' samples in file order, taken round-robin from writer number d (mod 5) on, until
    `per_digit` are chosen, so every validation writer takes part in every digit. Nothing
    depends on how well a model reads them."""
    by_writer: dict[int, dict[int, list[PenDigit]]] = defaultdict(lambda: defaultdict(list))
    for digit in digits:
        if digit.writer in VALIDATION_WRITERS:
            by_writer[digit.label][digit.writer].append(digit)
    chosen = []
    for label in range(10):
        writers = [w for w in VALIDATION_WRITERS if by_writer[label][w]]
        if not writers:
            continue
        start = label % len(writers)
        order = writers[start:] + writers[:start]
        taken: list[PenDigit] = []
        round_ = 0
        while len(taken) < per_digit and any(round_ < len(by_writer[label][w]) for w in order):
            for writer in order:
                samples = by_writer[label][writer]
                if round_ < len(samples) and len(taken) < per_digit:
                    taken.append(samples[round_])
            round_ += 1
        chosen += taken
    return chosen


@dataclass(frozen=True)
class WrittenNumber:
    """A number written by one validation writer: their digits placed left to right."""

    text: str
    writer: int
    #: the pen digits used, left to right
    digits: tuple[PenDigit, ...]
    #: the strokes, in digit heights (a digit is about 1 high), y downwards
    strokes: list[list[tuple[float, float]]]


def write_number(text: str, writer: int, digits: list[PenDigit], rng: random.Random) -> WrittenNumber:
    """Writes `text` with `writer`'s own samples, chosen by `rng`: each digit scaled to about one
    unit high (its height jittered), on a jittered baseline, after a natural gap."""
    own: dict[int, list[PenDigit]] = defaultdict(list)
    for digit in digits:
        if digit.writer == writer:
            own[digit.label].append(digit)
    chosen = tuple(rng.choice(own[int(character)]) for character in text)
    placed: list[list[tuple[float, float]]] = []
    cursor = 0.0
    for position, digit in enumerate(chosen):
        xs = [x for stroke in digit.strokes for x, _ in stroke]
        ys = [y for stroke in digit.strokes for _, y in stroke]
        # As NumberComposer: a "1" written as a bar is as high as the rest, not as wide.
        scale = (1 + rng.uniform(-NUMBER_SIZE_JITTER, NUMBER_SIZE_JITTER)) / max(max(ys) - min(ys), (max(xs) - min(xs)) / 4, 1.0)
        if position > 0:
            cursor += rng.uniform(*NUMBER_GAP)
        baseline = rng.uniform(-NUMBER_BASELINE_JITTER, NUMBER_BASELINE_JITTER)
        placed += [[(cursor + (x - min(xs)) * scale, baseline + (y - min(ys)) * scale) for x, y in stroke] for stroke in digit.strokes]
        cursor += (max(xs) - min(xs)) * scale
    return WrittenNumber(text, writer, chosen, placed)


def pick_numbers(digits: list[PenDigit], count: int, seed: int) -> list[WrittenNumber]:
    """`count` numbers of 2 to 6 digits (lengths in turn), each by one validation writer (in
    turn), digits and samples drawn from `seed`: a fixed set that depends on nothing read."""
    rng = random.Random(seed)
    writers = [w for w in VALIDATION_WRITERS if any(d.writer == w for d in digits)]
    numbers = []
    for index in range(count):
        length = 2 + index % 5
        text = "".join(str(rng.randrange(10)) for _ in range(length))
        writer = writers[(index + index // len(writers)) % len(writers)]  # every writer at every length
        numbers.append(write_number(text, writer, digits, rng))
    return numbers


def layout_number(strokes: list[list[tuple[float, float]]], box: dict, height: float = NUMBER_DIGIT_HEIGHT) -> list[list[tuple[float, float]]]:
    """Scales a written number (in digit heights) so a digit is `height` of the pad's height, or
    less if that would not leave a margin at the sides, and centres it, in page coordinates."""
    xs = [x for stroke in strokes for x, _ in stroke]
    ys = [y for stroke in strokes for _, y in stroke]
    scale = min(height * box["height"], 0.9 * box["width"] / max(max(xs) - min(xs), 1e-9))
    cx = (max(xs) + min(xs)) / 2
    cy = (max(ys) + min(ys)) / 2
    ox = box["x"] + box["width"] / 2
    oy = box["y"] + box["height"] / 2
    return [[(ox + (x - cx) * scale, oy + (y - cy) * scale) for x, y in stroke] for stroke in strokes]


def layout(strokes: list[list[tuple[float, float]]], box: dict, span: float = DIGIT_SPAN) -> list[list[tuple[float, float]]]:
    """Scales a digit (aspect kept) so its longer side spans `span` of the pad and centres it,
    in page coordinates."""
    xs = [x for stroke in strokes for x, _ in stroke]
    ys = [y for stroke in strokes for _, y in stroke]
    width = max(xs) - min(xs)
    height = max(ys) - min(ys)
    side = min(box["width"], box["height"])
    scale = span * side / max(width, height, 1.0)
    cx = (max(xs) + min(xs)) / 2
    cy = (max(ys) + min(ys)) / 2
    ox = box["x"] + box["width"] / 2
    oy = box["y"] + box["height"] / 2
    return [[(ox + (x - cx) * scale, oy + (y - cy) * scale) for x, y in stroke] for stroke in strokes]


def _steps(a: tuple[float, float], b: tuple[float, float], step_px: float = STEP_PX) -> int:
    return max(1, math.ceil(math.hypot(b[0] - a[0], b[1] - a[1]) / step_px))


def draw_with_mouse(page, strokes: list[list[tuple[float, float]]], step_px: float = STEP_PX) -> None:
    """Replays strokes (page coordinates) with the mouse, in moves of at most `step_px` along
    each segment."""
    for stroke in strokes:
        page.mouse.move(*stroke[0])
        page.mouse.down()
        for previous, point in zip(stroke, stroke[1:]):
            page.mouse.move(point[0], point[1], steps=_steps(previous, point, step_px))
        page.mouse.up()


def draw_with_touch(cdp, strokes: list[list[tuple[float, float]]]) -> None:
    """Replays strokes (viewport coordinates) as one-finger touches through the DevTools protocol."""
    for stroke in strokes:
        x, y = stroke[0]
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y, "id": 1}]})
        for previous, point in zip(stroke, stroke[1:]):
            steps = _steps(previous, point)
            for step in range(1, steps + 1):
                t = step / steps
                px = previous[0] + (point[0] - previous[0]) * t
                py = previous[1] + (point[1] - previous[1]) * t
                cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": px, "y": py, "id": 1}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def pad_box(page) -> dict:
    box = page.locator("canvas#pad").bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100, f"drawing pad too small or hidden: {box}"
    return box


def is_pending(page, selector: str = "#prediction") -> bool:
    return page.eval_on_selector(selector, "el => el.hasAttribute('data-pending')")


def watch_pending(page, selector: str) -> None:
    """Starts noting whether `selector` gets `data-pending` from now on (see `pending_seen`): a
    check right after a stroke can come after a fast answer has already replaced it."""
    page.eval_on_selector(
        selector,
        """el => {
            window.__pendingObserver?.disconnect();
            window.__pendingSeen = false;
            window.__pendingObserver = new MutationObserver(() => {
                if (el.hasAttribute('data-pending')) window.__pendingSeen = true;
            });
            window.__pendingObserver.observe(el, { attributes: true, attributeFilter: ['data-pending'] });
        }""",
    )


_PENDING_SEEN = "() => window.__pendingSeen === true"


def pending_seen(page) -> bool:
    """Whether the element `watch_pending` watches got `data-pending` since the watch began."""
    return page.evaluate(_PENDING_SEEN)


def wait_pending_seen(page) -> None:
    """Waits until the element `watch_pending` watches gets `data-pending` (for changes the
    page makes asynchronously, such as decoding a chosen photo)."""
    page.wait_for_function(_PENDING_SEEN)


def wait_settled(page, timeout: float = 30_000) -> dict:
    """Waits until the answer for the current drawing is shown and returns what the page shows."""
    page.wait_for_selector(SETTLED, state="attached", timeout=timeout)
    return page.eval_on_selector(
        "#prediction",
        """el => ({
            digit: el.getAttribute('data-digit'),
            latencyMs: Number(el.getAttribute('data-latency-ms')),
            error: el.getAttribute('data-error'),
            hint: (() => { const h = document.getElementById('hint'); return h && !h.hidden ? h.textContent : null; })(),
        })""",
    )


def set_mode(page, mode: str) -> None:
    """Picks `mode` (`digit` or `number`) and waits until its empty pad is settled."""
    page.select_option("select#mode", mode)
    view = "#number[data-text='']" if mode == "number" else "#prediction[data-digit='']"
    page.wait_for_selector(f"{view}:not([data-pending])", state="attached")


def wait_number(page, timeout: float = 30_000) -> dict:
    """Waits until the reading of the current drawing is shown (number mode) and returns it."""
    page.wait_for_selector(NUMBER_SETTLED, state="attached", timeout=timeout)
    return page.eval_on_selector(
        "#number",
        """el => ({
            text: el.getAttribute('data-text'),
            error: el.getAttribute('data-error'),
            outlines: [...document.querySelectorAll('#outlines .outline')].map(o => {
                const r = o.getBoundingClientRect();
                return { index: Number(o.dataset.index), digit: o.dataset.digit, label: o.textContent,
                         x: r.left, y: r.top, width: r.width, height: r.height };
            }),
            entries: [...document.querySelectorAll('#number-digits .digit-entry')].map(b => b.dataset.digit),
        })""",
    )


def request_bodies(requests, path: str) -> list[dict]:
    """The JSON bodies of the `requests` (Playwright requests) to `path`, in order."""
    return [json.loads(request.post_data) for request in requests if request.url.split("?")[0].endswith(path)]


def model_ids(page) -> list[str]:
    return page.eval_on_selector_all("select#model option", "options => options.map(o => o.value)")


def ink_pixels(page) -> int:
    """Number of pixels of the pad with any ink."""
    return page.eval_on_selector(
        "canvas#pad",
        """canvas => {
            const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let count = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count += 1;
            return count;
        }""",
    )
