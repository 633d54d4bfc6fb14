// Digit Reader web page: "Wrong? It was …", the correction box under an answer.
//
// app.js announces each answer (`digit-reader:answer`, with the request body it sent and the
// server's result) and each change of drawing (`digit-reader:changed`). A correction is sent
// only when the person presses a digit; it carries the same body plus the right label, and an
// Idempotency-Key made once per drawing and label, so pressing again or a retry after a lost
// answer stores it once.
'use strict';

(() => {
  const box = document.getElementById('correction');
  const buttons = document.getElementById('correction-digits');
  const status = document.getElementById('correction-status');
  /** The answer being corrected: { body, result, keys: Map(label -> Idempotency-Key) }. */
  let current = null;

  /** A random version-4 UUID; getRandomValues works where randomUUID is missing (plain http). */
  function newKey() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function setStatus(text, state) {
    status.textContent = text;
    if (state) box.dataset.state = state; else delete box.dataset.state;
  }

  function reset() {
    current = null;
    box.hidden = true;
    setStatus('', null);
    for (const button of buttons.querySelectorAll('button')) {
      button.disabled = false;
      button.removeAttribute('aria-pressed');
    }
  }

  async function send(label) {
    if (!current) return;
    const answered = current;
    if (!answered.keys.has(label)) answered.keys.set(label, newKey());
    const predicted = answered.result.digit;
    const body = { ...answered.body, label, model: answered.result.model };
    if (predicted !== null && predicted !== undefined) body.predicted = predicted;
    for (const button of buttons.querySelectorAll('button')) button.disabled = true;
    setStatus('Sending…', 'sending');
    try {
      const response = await fetch('/api/feedback', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': answered.keys.get(label) },
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => null);
      if (current !== answered) return;
      if (response.status !== 201) {
        const message = answer && answer.error && answer.error.message ? answer.error.message : `The server answered ${response.status}.`;
        throw new Error(message);
      }
      buttons.querySelector(`button[data-label="${label}"]`).setAttribute('aria-pressed', 'true');
      box.dataset.id = answer.id;
      setStatus(`Thanks: saved as a ${label}. It will help the models learn.`, 'sent');
    } catch (error) {
      if (current !== answered) return;
      for (const button of buttons.querySelectorAll('button')) button.disabled = false;
      setStatus(`Not saved: ${error.message} Press the digit again to retry.`, 'error');
    }
  }

  for (let digit = 0; digit <= 9; digit += 1) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = String(digit);
    button.dataset.label = String(digit);
    button.setAttribute('aria-label', `It was a ${digit}`);
    button.addEventListener('click', () => send(digit));
    buttons.append(button);
  }

  document.addEventListener('digit-reader:changed', reset);
  document.addEventListener('digit-reader:answer', (event) => {
    reset();
    current = { body: event.detail.body, result: event.detail.result, keys: new Map() };
    box.hidden = false;
  });
})();
