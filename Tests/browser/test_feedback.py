"""Correcting a misread digit on the page: "Wrong? It was …" stores one correction."""

from __future__ import annotations

from digitpad import draw_with_mouse, layout, load_pen_digits, pad_box, pick_samples, wait_settled

#: The model asked: the linear baseline misreads about one pen digit in five, so a misread
#: digit is found among the first few samples.
MODEL = "softmax"


def test_correcting_a_misread_digit_stores_it_once(desktop, server):
    page, watch = desktop
    sent = []
    page.on("request", lambda request: sent.append(request) if request.url.endswith("/api/feedback") else None)
    before = server.get_json("/api/feedback?limit=500", admin=True)["items"]
    assert page.is_hidden("#correction"), "no correction is offered before an answer"
    page.select_option("select#model", MODEL)

    misread = None
    for sample in pick_samples(load_pen_digits()):
        page.click("button#clear")
        page.wait_for_selector('#prediction[data-digit=""]:not([data-pending])', state="attached")
        assert page.is_hidden("#correction"), "an empty pad offers no correction"
        draw_with_mouse(page, layout(sample.strokes, pad_box(page)))
        shown = wait_settled(page)["digit"]
        if shown not in ("", str(sample.label)):
            misread = (sample, shown)
            break
    assert misread, f"{MODEL} read every replayed digit right; no misread digit to correct"
    sample, shown = misread

    page.wait_for_selector("#correction:not([hidden])")
    assert "Wrong? It was" in page.inner_text("#correction-prompt")
    assert page.eval_on_selector_all("#correction-digits button", "buttons => buttons.map(b => b.textContent)") == [str(d) for d in range(10)]
    assert server.get_json("/api/feedback?limit=500", admin=True)["items"] == before, "nothing is stored before a correction is sent"

    page.click(f'#correction-digits button[data-label="{sample.label}"]')
    page.wait_for_selector('#correction[data-state="sent"]')
    assert f"saved as a {sample.label}" in page.inner_text("#correction-status")
    assert page.get_attribute(f'#correction-digits button[data-label="{sample.label}"]', "aria-pressed") == "true"
    assert page.is_disabled('#correction-digits button[data-label="0"]'), "one correction per drawing"

    assert len(sent) == 1
    key = sent[0].headers.get("idempotency-key", "")
    assert len(key) == 36, f"the page sends an Idempotency-Key (a UUID), got {key!r}"
    stored = server.get_json("/api/feedback?limit=500", admin=True)["items"]
    assert len(stored) == len(before) + 1
    newest = stored[0]
    assert newest["id"] == page.get_attribute("#correction", "data-id")
    assert newest["label"] == str(sample.label)
    assert newest["predicted"] == shown
    assert newest["model"] == MODEL
    assert {answer["model"] for answer in newest["answers"]} >= {MODEL, "ensemble"}

    # A new drawing takes the correction box away until its own answer arrives.
    page.click("button#clear")
    page.wait_for_selector("#correction", state="hidden")
    watch.assert_clean()
