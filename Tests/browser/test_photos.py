""""Read a photo": a photo or scan of handwriting on paper takes the drawing's place on the pad,
is sent as a picture, read in both modes, and gives way to ink drawn over it."""

from __future__ import annotations

import base64
import random
import struct

import pytest

from digitpad import (
    draw_with_mouse,
    ink_pixels,
    layout,
    layout_number,
    load_pen_digits,
    pad_box,
    pending_seen,
    request_bodies,
    set_mode,
    wait_number,
    wait_pending_seen,
    wait_settled,
    watch_pending,
    write_number,
)

#: A photo of strokes (photo pixels): blue-black pen on tinted paper, light falling off across
#: the frame, sensor noise, JPEG; made by the page's own canvas, so no image library is needed.
PHOTOGRAPH_JS = """([strokes, width, height, seed]) => {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    const light = context.createLinearGradient(0, 0, width, height);
    light.addColorStop(0, 'rgb(236, 229, 210)');
    light.addColorStop(1, 'rgb(165, 160, 146)');
    context.fillStyle = light;
    context.fillRect(0, 0, width, height);
    context.strokeStyle = 'rgb(26, 42, 106)';
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.lineWidth = height / 25;
    for (const stroke of strokes) {
        context.beginPath();
        stroke.forEach(([x, y], i) => (i === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
        context.stroke();
    }
    const image = context.getImageData(0, 0, width, height);
    let state = seed;
    const uniform = () => { state = (state * 1103515245 + 12345) % 2147483648; return state / 2147483648; };
    for (let i = 0; i < image.data.length; i += 4) {
        const noise = (uniform() + uniform() + uniform() - 1.5) * 16;
        for (let c = 0; c < 3; c += 1) image.data[i + c] = Math.max(0, Math.min(255, image.data[i + c] + noise));
    }
    context.putImageData(image, 0, 0);
    return canvas.toDataURL('image/jpeg', 0.8).split(',')[1];
}"""

#: The validation writer and samples the photographed number is written with.
NUMBER_TEXT, NUMBER_WRITER, NUMBER_SEED = "2026", 26, 1


@pytest.fixture(scope="module")
def pen_digits():
    return load_pen_digits()


def photograph(page, strokes, width: int, height: int, seed: int) -> bytes:
    return base64.b64decode(page.evaluate(PHOTOGRAPH_JS, [strokes, width, height, seed]))


def choose(page, name: str, data: bytes, mime: str = "image/jpeg") -> None:
    page.set_input_files("#photo-file", files=[{"name": name, "mimeType": mime, "buffer": data}])


def read_photo(page, view: str, name: str, data: bytes) -> None:
    """Chooses a photo and waits until `view` is waiting for its answer (decoding it is
    asynchronous: until then the previous answer still shows)."""
    watch_pending(page, view)
    choose(page, name, data)
    wait_pending_seen(page)


def test_a_photo_of_a_digit_is_read_and_ink_drawn_over_it_starts_afresh(desktop, pen_digits):
    page, watch = desktop
    requests = []
    page.on("request", lambda request: requests.append(request))
    pad_pixels = page.eval_on_selector("canvas#pad", "canvas => canvas.width * canvas.height")
    frame = {"x": 0, "y": 0, "width": 600, "height": 600}
    for label in (3, 7):
        sample = next(d for d in pen_digits if d.label == label and d.writer == 27)
        photo = photograph(page, layout(sample.strokes, frame), 600, 600, seed=label + 1)
        read_photo(page, "#prediction", f"digit-{label}.jpg", photo)
        shown = wait_settled(page)
        assert shown["error"] is None and shown["digit"] == str(label), shown
        assert ink_pixels(page) == pad_pixels, "the square photo fills the square pad"
    sent = request_bodies(requests, "/api/predict")[-1]
    assert list(sent) == ["image"] and sent["image"].startswith("data:image/jpeg;base64,"), "the photo itself is sent"

    # "Compare models" asks every model about the photo.
    page.click("#compare-toggle")
    page.wait_for_selector("#compare:not([data-pending]) [data-model]", state="attached")
    cards = page.eval_on_selector_all("#compare [data-model]", "cards => cards.map(c => c.getAttribute('data-digit'))")
    assert len(cards) >= 4 and "7" in cards, cards
    assert request_bodies(requests, "/api/compare")[-1] == sent
    page.click("#compare-toggle")

    # Ink drawn on the photo replaces it: the pad holds the stroke alone, sent as strokes.
    box = pad_box(page)
    watch_pending(page, "#prediction")
    draw_with_mouse(page, [[(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.2), (box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.8)]])
    wait_settled(page)
    assert pending_seen(page)
    assert 0 < ink_pixels(page) < pad_pixels / 4
    assert "strokes" in request_bodies(requests, "/api/predict")[-1]

    # Undo takes a photo away as it takes a stroke away.
    read_photo(page, "#prediction", "again.jpg", photo)
    wait_settled(page)
    page.click("button#undo")
    page.wait_for_selector('#prediction[data-digit=""]:not([data-pending])', state="attached")
    assert ink_pixels(page) == 0

    # A file the browser cannot decode: a clear message, nothing sent, the pad as it was.
    asked = len(requests)
    choose(page, "notes.png", b"these are notes, not a picture", mime="image/png")
    page.wait_for_selector("#error:not([hidden])")
    assert "notes.png is not a picture" in page.inner_text("#error")
    assert ink_pixels(page) == 0 and len(requests) == asked
    watch.assert_clean()


def with_orientation(jpeg: bytes, orientation: int) -> bytes:
    """`jpeg` with an EXIF segment giving its orientation, as a phone writes it."""
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0)
    exif = b"Exif\x00\x00" + tiff
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif + jpeg[2:]


def test_a_phone_photo_is_read_the_way_up_its_camera_recorded(desktop, pen_digits):
    page, watch = desktop
    sample = next(d for d in pen_digits if d.label == 6 and d.writer == 27)
    upright = layout(sample.strokes, {"x": 0, "y": 0, "width": 600, "height": 600})
    # Stored upside down, with EXIF orientation 3 ("turn half round to show"): read as it
    # stands, the 6 would be a 9.
    stored = [[(600 - x, 600 - y) for x, y in stroke] for stroke in upright]
    read_photo(page, "#prediction", "phone.jpg", with_orientation(photograph(page, stored, 600, 600, seed=3), 3))
    shown = wait_settled(page)
    assert shown["error"] is None and shown["digit"] == "6", shown
    watch.assert_clean()


def test_a_photo_of_a_number_is_read_with_outlines_on_the_photo(desktop, server, pen_digits):
    page, watch = desktop
    set_mode(page, "number")
    number = write_number(NUMBER_TEXT, NUMBER_WRITER, pen_digits, random.Random(NUMBER_SEED))
    # Half as wide again as high: the photo sits in the middle half of the 4:1 pad.
    width, height = 1200, 600
    strokes = layout_number(number.strokes, {"x": 0, "y": 0, "width": width, "height": height}, height=0.3)
    read_photo(page, "#number", "number.jpg", photograph(page, strokes, width, height, seed=5))
    shown = wait_number(page)
    assert shown["text"] == NUMBER_TEXT, shown
    # Each outline surrounds its digit's ink where the photo shows it on the pad.
    box = pad_box(page)
    scale = box["height"] / height
    left = box["x"] + (box["width"] - width * scale) / 2
    first = 0
    for position, (digit, outline) in enumerate(zip(number.digits, shown["outlines"], strict=True)):
        ink = strokes[first:first + len(digit.strokes)]
        first += len(digit.strokes)
        xs = [left + x * scale for stroke in ink for x, _ in stroke]
        ys = [box["y"] + y * scale for stroke in ink for _, y in stroke]
        slack = height / 25 * scale
        assert outline["x"] <= min(xs) + slack and max(xs) - slack <= outline["x"] + outline["width"], (position, outline, min(xs), max(xs))
        assert outline["y"] <= min(ys) + slack and max(ys) - slack <= outline["y"] + outline["height"], (position, outline, min(ys), max(ys))
    # A tap on a digit of the photo shows its alternatives and keeps the photo.
    outline = shown["outlines"][2]
    page.mouse.click(outline["x"] + outline["width"] / 2, outline["y"] + outline["height"] / 2)
    page.wait_for_selector("#alternatives[data-index='2']:not([hidden])")
    assert page.get_attribute("#number", "data-text") == NUMBER_TEXT
    # A correction of it keeps the photo itself.
    page.fill("#correction-text", "2027")
    page.click("#correction-send")
    page.wait_for_selector('#correction[data-state="sent"]')
    newest = server.get_json("/api/feedback?limit=1", admin=True)["items"][0]
    assert newest["label"] == "2027" and newest["uploadKind"] == "image", newest
    watch.assert_clean()
