// Digit Reader web page: "Wrong? It was …", the correction box under an answer.
//
// app.js announces each answer (`digit-reader:answer`, with the mode, the request body it sent
// and the server's result) and each change of drawing (`digit-reader:changed`). A correction is
// sent only when the person gives the right answer: a digit button in digit mode, the whole
// number (an editable text, filled with the reading) in number mode. It carries the same body
// plus `label` or `text`, and an Idempotency-Key made once per drawing and answer, so pressing
// again or a retry after a lost answer stores it once.
'use strict';

(() => {
  const box = document.getElementById('correction');
  const buttons = document.getElementById('correction-digits');
  const numberForm = document.getElementById('correction-number');
  const numberInput = document.getElementById('correction-text');
  const numberSend = document.getElementById('correction-send');
  const status = document.getElementById('correction-status');
  /** The longest number the server takes as a correction. */
  const MAX_TEXT_DIGITS = 32;
  /** The answer being corrected: { mode, body, result, keys: Map(answer -> Idempotency-Key) }. */
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

  /** Enables or disables every control of the box. */
  function setEnabled(enabled) {
    for (const button of buttons.querySelectorAll('button')) button.disabled = !enabled;
    numberInput.disabled = !enabled;
    numberSend.disabled = !enabled;
  }

  function reset() {
    current = null;
    box.hidden = true;
    setStatus('', null);
    delete box.dataset.id;
    setEnabled(true);
    for (const button of buttons.querySelectorAll('button')) button.removeAttribute('aria-pressed');
    numberInput.value = '';
  }

  /** What the page showed, as `/api/feedback` takes it (digits only), or undefined. */
  function predictedOf(answered) {
    if (answered.mode === 'number') {
      const text = answered.result.text;
      return typeof text === 'string' && /^[0-9]+$/.test(text) ? text : undefined;
    }
    const digit = answered.result.digit;
    return digit !== null && digit !== undefined ? digit : undefined;
  }

  /** Sends the right answer: a digit (digit mode) or the digits of the number (number mode). */
  async function send(answer) {
    if (!current) return;
    const answered = current;
    const key = String(answer);
    if (!answered.keys.has(key)) answered.keys.set(key, newKey());
    const body = { ...answered.body, model: answered.result.model };
    if (answered.mode === 'number') body.text = answer; else body.label = answer;
    const predicted = predictedOf(answered);
    if (predicted !== undefined) body.predicted = predicted;
    setEnabled(false);
    setStatus('Sending…', 'sending');
    try {
      const response = await fetch('/api/feedback', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': answered.keys.get(key) },
        body: JSON.stringify(body),
      });
      const reply = await response.json().catch(() => null);
      if (current !== answered) return;
      if (response.status !== 201) {
        const message = reply && reply.error && reply.error.message ? reply.error.message : `The server answered ${response.status}.`;
        throw new Error(message);
      }
      if (answered.mode === 'digit') buttons.querySelector(`button[data-label="${answer}"]`).setAttribute('aria-pressed', 'true');
      box.dataset.id = reply.id;
      setStatus(`Thanks: saved as ${answered.mode === 'number' ? answer : `a ${answer}`}. It will help the models learn.`, 'sent');
    } catch (error) {
      if (current !== answered) return;
      setEnabled(true);
      const again = answered.mode === 'number' ? 'Press Send again to retry.' : 'Press the digit again to retry.';
      setStatus(`Not saved: ${error.message} ${again}`, 'error');
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

  numberForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = numberInput.value.replace(/\s+/g, '');
    if (!new RegExp(`^[0-9]{1,${MAX_TEXT_DIGITS}}$`).test(text)) {
      setStatus(`Type the number with digits 0-9 only (at most ${MAX_TEXT_DIGITS}).`, 'error');
      numberInput.focus();
      return;
    }
    send(text);
  });

  document.addEventListener('digit-reader:changed', reset);
  document.addEventListener('digit-reader:answer', (event) => {
    reset();
    const { mode = 'digit', body, result } = event.detail;
    current = { mode, body, result, keys: new Map() };
    if (mode === 'number') numberInput.value = typeof result.text === 'string' ? result.text : '';
    box.hidden = false;
  });
})();
