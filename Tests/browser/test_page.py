"""The web page in a real browser against the real server."""

from __future__ import annotations

import json
import time
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest

from digitpad import (
    ARTIFACTS,
    GOALS,
    MEASURED,
    SETTLED,
    draw_with_mouse,
    draw_with_touch,
    ink_pixels,
    is_pending,
    layout,
    load_pen_digits,
    model_ids,
    pad_box,
    pending_seen,
    pick_samples,
    wait_settled,
    watch_pending,
)

#: What the test enforces: a floor well above what a broken page gives (wrong coordinates,
#: brush or export read 10-60%), under the goals (`GOALS`) where today's shipped models are.
#: Measured on the 100 digits of `pick_samples` (validation writers only; one miss = 1 point),
#: sent as strokes: ensemble 99 (an 8 left unsure), multilayer-cnn 98 (the 8 and a 0), wide-cnn
#: 99 (the 8), shallow-cnn 97, softmax 82 (a linear model); as PNGs they were 98, 99, 98, 97, 82.
#: Raise a floor when the models improve; never lower it to make a run pass.
REQUIRED_ACCURACY = {"softmax": 0.75}
DEFAULT_REQUIRED_ACCURACY = 0.94


@pytest.fixture(scope="module")
def pen_digits():
    return load_pen_digits()


@pytest.fixture(scope="module")
def samples(pen_digits):
    return pick_samples(pen_digits)


def sample_of(pen_digits, label: int, strokes: int | None = None):
    """The first digit in the file with this label (and stroke count)."""
    return next(d for d in pen_digits if d.label == label and (strokes is None or len(d.strokes) == strokes))


def pad_image(page) -> str:
    return page.eval_on_selector("canvas#pad", "canvas => canvas.toDataURL('image/png')")


def asks_with(request, path: str, model: str) -> bool:
    """Whether `request` asks `path` with `model`."""
    url = urlsplit(request.url)
    return url.path == path and parse_qs(url.query).get("model") == [model]


def draw(page, strokes) -> dict:
    watch_pending(page, "#prediction")
    draw_with_mouse(page, layout(strokes, pad_box(page)))
    assert pending_seen(page), "#prediction must carry data-pending from the end of a stroke until its answer is shown"
    return wait_settled(page)


def clear(page) -> None:
    page.click("button#clear")
    page.wait_for_selector('#prediction[data-digit=""]:not([data-pending])', state="attached")


def test_empty_pad_shows_a_hint_and_no_digit(desktop):
    page, watch = desktop
    result = wait_settled(page)
    assert result["digit"] == ""
    assert page.is_visible("#hint")
    assert "Draw a digit" in page.inner_text("#hint")
    assert ink_pixels(page) == 0
    page.click("button#clear")
    page.click("button#undo")
    assert not is_pending(page)
    assert page.get_attribute("#prediction", "data-digit") == ""
    assert page.is_visible("#hint")
    watch.assert_clean()


def test_model_picker_lists_the_servers_models(desktop, server):
    page, watch = desktop
    listed = server.get_json("/api/models")
    assert model_ids(page) == [m["id"] for m in listed["models"]]
    assert page.input_value("select#model") == listed["default"]
    assert {"softmax", "shallow-cnn", "multilayer-cnn", "ensemble"} <= set(model_ids(page))
    for model in listed["models"]:
        page.select_option("select#model", model["id"])  # empty pad: nothing to ask
        details = page.inner_text("#model-details")
        assert model["summary"] in details
        mnist = model.get("accuracy", {}).get("mnist")
        if mnist is not None:
            assert f"{mnist * 100:.2f}%" in details
            assert f"{mnist * 100:.2f}%" in page.inner_text(f"select#model option[value='{model['id']}']")
    assert not is_pending(page), "changing the model of an empty pad asks nothing"
    assert page.eval_on_selector("select#model", "s => s.labels.length") == 1, "the picker needs a label"
    watch.assert_clean()


def test_replayed_pen_digits_are_read_by_every_model(desktop, samples):
    page, watch = desktop
    writers = Counter(d.label for d in samples)
    assert len(samples) >= 30 and all(writers[label] >= 3 for label in range(10)), writers
    models = model_ids(page)
    default = page.input_value("select#model")
    MEASURED.latency_model = default
    ordered = [default] + [m for m in models if m != default]
    for sample in samples:
        if ink_pixels(page):
            clear(page)
        if page.input_value("select#model") != default:
            page.select_option("select#model", default)  # empty pad: nothing to ask
        watch_pending(page, "#prediction")
        draw_with_mouse(page, layout(sample.strokes, pad_box(page)))
        mouse_up = time.perf_counter()
        assert pending_seen(page)
        result = wait_settled(page)
        MEASURED.wall_latencies_ms.append((time.perf_counter() - mouse_up) * 1000)
        MEASURED.page_latencies_ms.append(result["latencyMs"])
        for model in ordered:
            if model != default:
                # The re-read is seen by its request (the page marks the answer pending before
                # it asks): on a loaded machine the answer can be shown before a check of
                # data-pending gets its turn.
                with page.expect_request(lambda request, model=model: asks_with(request, "/api/predict", model)):
                    page.select_option("select#model", model)
                result = wait_settled(page)
            assert result["error"] is None, f"server error for {model}: {page.inner_text('#error')}"
            MEASURED.readings[model].append((sample.label, result["digit"], sample.writer, sample.index))
    watch.assert_clean()
    failing = {}
    for model in models:
        readings = MEASURED.readings[model]
        accuracy = sum(1 for label, read, _, _ in readings if read == str(label)) / len(readings)
        floor = REQUIRED_ACCURACY.get(model, DEFAULT_REQUIRED_ACCURACY)
        target = GOALS.get(model)
        goal = f"{'meets' if accuracy >= target else 'below'} the {target:.0%} goal; " if target else ""
        misses = ", ".join(f"{label} as {read or 'unsure'} (writer {writer}, #{index})"
                           for label, read, writer, index in readings if read != str(label))
        print(f"{model}: {accuracy:.1%} of {len(readings)} replayed pen digits read right "
              f"({goal}required {floor:.0%}); misses: {misses or 'none'}")
        if accuracy < floor:
            failing[model] = f"{accuracy:.1%} < {floor:.0%}"
    assert not failing, f"models reading too few replayed pen digits: {failing}"


def ink_box(page) -> dict:
    """Bounding box of the ink on the pad, in CSS pixels of the page."""
    return page.eval_on_selector(
        "canvas#pad",
        """canvas => {
            const { width, height } = canvas;
            const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
            let left = width, top = height, right = -1, bottom = -1;
            for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) {
                if (data[(y * width + x) * 4 + 3] > 127) {
                    left = Math.min(left, x); right = Math.max(right, x);
                    top = Math.min(top, y); bottom = Math.max(bottom, y);
                }
            }
            const r = canvas.getBoundingClientRect(), k = r.width / width;
            return { left: r.left + left * k, top: r.top + top * k, right: r.left + (right + 1) * k, bottom: r.top + (bottom + 1) * k,
                     brush: r.width / 14 };
        }""",
    )


def answer_shown(page) -> bool:
    """A digit or "Could not identify" is on screen (not the empty hint, not an error)."""
    return page.is_visible("#answer") and not page.is_visible("#hint") and not page.is_visible("#error")


def test_touch_drawing_on_a_phone(phone, pen_digits):
    page, watch, cdp = phone
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), "page scrolls sideways on a phone"
    assert page.evaluate("() => document.documentElement.scrollHeight > window.innerHeight"), "page too short to test scrolling"
    box = pad_box(page)
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 844, f"pad not fully on screen: {box}"
    scroll_before = page.evaluate("() => [window.scrollX, window.scrollY]")
    # A vertical stroke first: on a page that let touches scroll it, this one would.
    for label, strokes in ((1, 1), (7, 2)):
        sample = sample_of(pen_digits, label, strokes=strokes)
        placed = layout(sample.strokes, pad_box(page))
        watch_pending(page, "#prediction")
        draw_with_touch(cdp, placed)
        assert pending_seen(page)
        by_touch = wait_settled(page)
        assert page.evaluate("() => [window.scrollX, window.scrollY]") == scroll_before, "the page scrolled while drawing"
        assert by_touch["error"] is None and answer_shown(page), "no answer for a touch drawing"
        # The ink lies where the finger went (give or take half a brush).
        ink = ink_box(page)
        xs = [x for stroke in placed for x, _ in stroke]
        ys = [y for stroke in placed for _, y in stroke]
        slack = ink["brush"] / 2 + 3
        assert abs(ink["left"] - min(xs)) <= slack and abs(ink["right"] - max(xs)) <= slack, (ink, min(xs), max(xs))
        assert abs(ink["top"] - min(ys)) <= slack and abs(ink["bottom"] - max(ys)) <= slack, (ink, min(ys), max(ys))
        # Same strokes with a mouse: the same answer.
        touch_image = pad_image(page)
        page.tap("button#clear")
        page.wait_for_selector('#prediction[data-digit=""]:not([data-pending])', state="attached")
        draw_with_mouse(page, placed)
        by_mouse = wait_settled(page)
        assert by_mouse["digit"] == by_touch["digit"], (touch_image[:60], by_mouse, by_touch)
        page.tap("button#clear")
        page.wait_for_selector('#prediction[data-digit=""]:not([data-pending])', state="attached")
    draw_with_touch(cdp, layout(sample_of(pen_digits, 2).strokes, pad_box(page)))
    wait_settled(page)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "page-phone.png"
    page.screenshot(path=str(path))
    MEASURED.screenshots.append(path)
    print(f"phone screenshot: {path}")
    watch.assert_clean()


def test_undo_removes_the_last_stroke_and_clear_empties_the_pad(desktop, pen_digits):
    page, watch = desktop
    one = sample_of(pen_digits, 1, strokes=1)
    box = pad_box(page)
    first = draw(page, one.strokes)
    assert first["digit"] not in (None, "")
    one_stroke_image = pad_image(page)
    # A bar across the top turns the "1" into something else (a 7, a T, ...).
    top = box["y"] + box["height"] * 0.2
    watch_pending(page, "#prediction")
    draw_with_mouse(page, [[(box["x"] + box["width"] * 0.2, top), (box["x"] + box["width"] * 0.8, top)]])
    assert pending_seen(page)
    wait_settled(page)
    assert pad_image(page) != one_stroke_image
    watch_pending(page, "#prediction")
    page.click("button#undo")
    assert pending_seen(page)
    after_undo = wait_settled(page)
    assert after_undo["digit"] == first["digit"]
    assert pad_image(page) == one_stroke_image, "undo must leave exactly the first stroke"
    # Keyboard: the buttons are reachable and work with Enter.
    page.focus("button#undo")
    page.keyboard.press("Enter")
    emptied = wait_settled(page)
    assert emptied["digit"] == "" and ink_pixels(page) == 0
    draw(page, one.strokes)
    page.click("button#clear")
    cleared = wait_settled(page)
    assert cleared["digit"] == ""
    assert ink_pixels(page) == 0
    assert page.is_visible("#hint") and "Draw a digit" in page.inner_text("#hint")
    assert not page.is_visible("#bars")
    watch.assert_clean()


def test_compare_view_lists_every_model(desktop, server, pen_digits):
    page, watch = desktop
    three = sample_of(pen_digits, 3)
    draw(page, three.strokes)
    page.click("#compare-toggle")
    page.wait_for_selector("#compare:not([data-pending]) [data-model]", state="attached")
    cards = page.eval_on_selector_all(
        "#compare [data-model]", "cards => cards.map(c => ({model: c.dataset.model, digit: c.getAttribute('data-digit'), text: c.innerText}))"
    )
    listed = [m["id"] for m in server.get_json("/api/models")["models"]]
    assert sorted(c["model"] for c in cards) == sorted(listed)
    for card in cards:
        assert card["digit"] in {str(d) for d in range(10)} | {""}, f"{card['model']}: data-digit {card['digit']!r}"
        assert "ms" in card["text"], f"no time taken shown for {card['model']}"
    # A clear 3: every model but the linear baseline reads it.
    assert sum(card["digit"] == "3" for card in cards) >= len(cards) - 1, cards
    assert page.locator("#compare [data-model] .bar-row").count() == 10 * len(listed)
    # The comparison follows the drawing.
    page.click("button#undo")
    page.wait_for_selector("#compare:not([data-pending])", state="attached")
    assert page.locator("#compare [data-model]").count() == 0
    watch.assert_clean()


def test_page_stays_on_its_own_server_without_console_errors(desktop, server, pen_digits):
    page, watch = desktop
    eight = sample_of(pen_digits, 8)
    draw(page, eight.strokes)
    for model in model_ids(page):
        page.select_option("select#model", model)
        wait_settled(page)
    page.click("#compare-toggle")
    page.wait_for_selector("#compare:not([data-pending]) [data-model]", state="attached")
    page.click("button#undo")
    wait_settled(page)
    page.reload()
    page.wait_for_selector("select#model[data-loaded]", state="attached")
    assert watch.requests, "no requests recorded"
    assert any("/api/predict" in url for url in watch.requests)
    assert not watch.foreign_requests(), f"requests to other hosts: {watch.foreign_requests()}"
    assert not watch.page_errors, watch.page_errors
    assert not watch.console_errors, watch.console_errors
    assert page.eval_on_selector("#prediction", "el => el.getAttribute('aria-live')") == "polite"


def test_server_errors_are_shown(desktop, pen_digits):
    page, _ = desktop
    four = sample_of(pen_digits, 4)
    page.route(
        "**/api/predict*",
        lambda route: route.fulfill(
            status=400,
            content_type="application/json",
            body=json.dumps({"error": {"code": "bad-image", "message": "The image could not be decoded."}}),
        ),
    )
    result = draw(page, four.strokes)
    assert result["digit"] == "" and result["error"] == "bad-image"
    assert page.is_visible("#error") and "could not be decoded" in page.inner_text("#error")
    assert page.get_attribute("#error", "role") == "alert"
    page.unroute("**/api/predict*")
    page.route("**/api/predict*", lambda route: route.abort("connectionrefused"))
    page.click("button#undo")
    wait_settled(page)
    draw(page, four.strokes)
    assert "Cannot reach the server" in page.inner_text("#error")
    page.unroute("**/api/predict*")
    page.click("button#clear")
    wait_settled(page)
    result = draw(page, four.strokes)
    assert result["error"] is None and answer_shown(page), "the error stays up after the server answers again"


def test_screenshot_after_drawing(desktop, pen_digits):
    page, watch = desktop
    seven = sample_of(pen_digits, 7)
    result = draw(page, seven.strokes)
    assert result["error"] is None and answer_shown(page)
    assert page.is_visible("#bars") and page.locator("#bars .bar-row").count() == 10
    assert page.eval_on_selector("#model-input", "img => img.complete && img.naturalWidth") == 28
    page.click("#compare-toggle")
    page.wait_for_selector("#compare:not([data-pending]) [data-model]", state="attached")
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "page.png"
    page.screenshot(path=str(path), full_page=True)
    MEASURED.screenshots.append(path)
    print(f"screenshot: {path}")
    watch.assert_clean()
