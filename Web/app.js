// Digit Reader web page: a drawing pad that asks the server what digit it sees.
//
// Plain browser JavaScript, no libraries. Strokes are kept as point lists in pad units
// (0..1 across the square), so the pad can be redrawn at any size and undo is just "drop the
// last list and redraw". What goes to the server is always the same 280 x 280 PNG, black ink
// on a transparent background, whatever the size of the pad on screen.
'use strict';

(() => {
  /** Wait this long after a stroke ends before asking: a stroke that follows at once (the bar of
   *  a quick 4) replaces the request instead of adding one, while the answer still comes well
   *  within a blink (a request takes a few milliseconds). */
  const DEBOUNCE_MS = 60;
  /** Give up on an answer after this long and say so. */
  const REQUEST_TIMEOUT_MS = 20000;
  /** Side of the PNG sent to the server, in pixels. */
  const EXPORT_SIDE = 280;
  /** Brush diameter as a fraction of the pad side (20 px on a 280 px pad). */
  const BRUSH_RATIO = 1 / 14;
  /** Points closer than this to the previous one (pad units) are not kept. */
  const MIN_POINT_DISTANCE = 0.0015;

  const $ = (id) => document.getElementById(id);
  const pad = $('pad');
  const padContext = pad.getContext('2d');
  const undoButton = $('undo');
  const clearButton = $('clear');
  const compareToggle = $('compare-toggle');
  const modelSelect = $('model');
  const modelDetails = $('model-details');
  const errorBox = $('error');
  const prediction = $('prediction');
  const hint = $('hint');
  const answer = $('answer');
  const digitOutput = $('digit');
  const verdict = $('verdict');
  const bestGuess = $('best-guess');
  const meta = $('meta');
  const details = $('details');
  const bars = $('bars');
  const modelInput = $('model-input');
  const compareSection = $('compare-section');
  const compareStatus = $('compare-status');
  const compareGrid = $('compare');

  /** Finished strokes, each an array of [x, y] in pad units. */
  const strokes = [];
  /** The stroke being drawn, or null. */
  let currentStroke = null;
  /** Pointer id of the pointer drawing it (other fingers are ignored meanwhile). */
  let activePointerId = null;
  let redrawQueued = false;

  /** Models from /api/models, by id. */
  const models = new Map();

  // ---------------------------------------------------------------- drawing

  /** Draws strokes with round caps and joins, smoothed by quadratic curves through midpoints. */
  function drawStrokes(context, list, side) {
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.strokeStyle = '#000';
    context.fillStyle = '#000';
    context.lineWidth = side * BRUSH_RATIO;
    for (const points of list) {
      if (points.length === 0) continue;
      const at = (i) => [points[i][0] * side, points[i][1] * side];
      if (points.length === 1) {
        const [x, y] = at(0);
        context.beginPath();
        context.arc(x, y, context.lineWidth / 2, 0, Math.PI * 2);
        context.fill();
        continue;
      }
      context.beginPath();
      const [x0, y0] = at(0);
      context.moveTo(x0, y0);
      if (points.length === 2) {
        const [x1, y1] = at(1);
        context.lineTo(x1, y1);
      } else {
        for (let i = 1; i < points.length - 1; i += 1) {
          const [cx, cy] = at(i);
          const [nx, ny] = at(i + 1);
          context.quadraticCurveTo(cx, cy, (cx + nx) / 2, (cy + ny) / 2);
        }
        const [xn, yn] = at(points.length - 1);
        context.lineTo(xn, yn);
      }
      context.stroke();
    }
  }

  /** Matches the pad's backing store to its on-screen size times devicePixelRatio. */
  function sizePad() {
    const rect = pad.getBoundingClientRect();
    if (rect.width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    const side = Math.round(rect.width * ratio);
    if (pad.width !== side || pad.height !== side) {
      pad.width = side;
      pad.height = side;
    }
    redraw();
  }

  function redraw() {
    redrawQueued = false;
    padContext.setTransform(1, 0, 0, 1, 0, 0);
    padContext.clearRect(0, 0, pad.width, pad.height);
    const all = currentStroke ? strokes.concat([currentStroke]) : strokes;
    drawStrokes(padContext, all, pad.width);
  }

  function queueRedraw() {
    if (redrawQueued) return;
    redrawQueued = true;
    requestAnimationFrame(redraw);
  }

  /** The drawing as a PNG data URL, always EXPORT_SIDE pixels square. */
  function exportImage() {
    const canvas = document.createElement('canvas');
    canvas.width = EXPORT_SIDE;
    canvas.height = EXPORT_SIDE;
    drawStrokes(canvas.getContext('2d'), strokes, EXPORT_SIDE);
    return canvas.toDataURL('image/png');
  }

  function padPoint(event, rect) {
    return [(event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height];
  }

  function addPoint(point) {
    const last = currentStroke[currentStroke.length - 1];
    if (last && Math.hypot(point[0] - last[0], point[1] - last[1]) < MIN_POINT_DISTANCE) return;
    currentStroke.push(point);
  }

  pad.addEventListener('pointerdown', (event) => {
    if (activePointerId !== null) return; // a second finger: ignore it
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    if (event.pointerType === 'pen' && event.button > 0) return; // barrel or eraser button
    event.preventDefault();
    activePointerId = event.pointerId;
    try {
      pad.setPointerCapture(event.pointerId);
    } catch {
      // Capture can fail if the pointer is already gone; drawing still works inside the pad.
    }
    currentStroke = [];
    // A stroke started before the last one's answer was asked for: ask once, when this one ends.
    if (debounceTimer !== null) {
      clearTimeout(debounceTimer);
      debounceTimer = null;
    }
    addPoint(padPoint(event, pad.getBoundingClientRect()));
    queueRedraw();
  });

  pad.addEventListener('pointermove', (event) => {
    if (event.pointerId !== activePointerId || !currentStroke) return;
    event.preventDefault();
    const rect = pad.getBoundingClientRect();
    const coalesced = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
    for (const sample of coalesced.length > 0 ? coalesced : [event]) {
      addPoint(padPoint(sample, rect));
    }
    queueRedraw();
  });

  function endStroke(event) {
    if (event.pointerId !== activePointerId || !currentStroke) return;
    if (event.type === 'pointerup') addPoint(padPoint(event, pad.getBoundingClientRect()));
    activePointerId = null;
    if (pad.hasPointerCapture(event.pointerId)) pad.releasePointerCapture(event.pointerId);
    if (currentStroke.length > 0) strokes.push(currentStroke);
    currentStroke = null;
    queueRedraw();
    drawingChanged();
  }

  pad.addEventListener('pointerup', endStroke);
  pad.addEventListener('pointercancel', endStroke);
  pad.addEventListener('lostpointercapture', endStroke);
  // A long press on a touch screen must not open a menu over the pad.
  pad.addEventListener('contextmenu', (event) => event.preventDefault());

  undoButton.addEventListener('click', () => {
    if (strokes.length === 0) return;
    strokes.pop();
    queueRedraw();
    drawingChanged();
  });

  clearButton.addEventListener('click', () => {
    if (strokes.length === 0 && !currentStroke) return;
    strokes.length = 0;
    currentStroke = null;
    activePointerId = null;
    queueRedraw();
    drawingChanged();
  });

  document.addEventListener('keydown', (event) => {
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return;
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'z') {
      event.preventDefault();
      undoButton.click();
    }
  });

  function updateButtons() {
    const empty = strokes.length === 0;
    // Dimmed but still enabled: a disabled button would drop keyboard focus when it empties the pad.
    undoButton.classList.toggle('idle', empty);
    clearButton.classList.toggle('idle', empty);
  }

  // ---------------------------------------------------------------- talking to the server

  class ServerError extends Error {
    constructor(message, code, status) {
      super(message);
      this.name = 'ServerError';
      this.code = code;
      this.status = status;
    }
  }

  /** Requests JSON; turns every failure into an Error with a message fit to show. */
  async function requestJSON(url, options = {}, signal) {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), REQUEST_TIMEOUT_MS);
    const onAbort = () => timeout.abort();
    if (signal) {
      if (signal.aborted) timeout.abort();
      signal.addEventListener('abort', onAbort, { once: true });
    }
    let response;
    try {
      response = await fetch(url, { ...options, signal: timeout.signal, headers: { Accept: 'application/json', ...(options.headers || {}) } });
    } catch (error) {
      if (signal && signal.aborted) throw new DOMException('Superseded', 'AbortError');
      if (timeout.signal.aborted) throw new ServerError('The server took too long to answer. Try again.', 'timeout', 0);
      throw new ServerError('Cannot reach the server. Check that it is running, then try again.', 'unreachable', 0);
    } finally {
      clearTimeout(timer);
      if (signal) signal.removeEventListener('abort', onAbort);
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok) {
      const error = body && body.error;
      const message = error && error.message ? error.message : `The server answered ${response.status} ${response.statusText}`.trim();
      throw new ServerError(message, (error && error.code) || `http-${response.status}`, response.status);
    }
    if (body === null || typeof body !== 'object') {
      throw new ServerError('The server sent an answer this page cannot read.', 'bad-response', response.status);
    }
    return body;
  }

  /** The body every recognition route takes for the current drawing. */
  function drawingBody() {
    return { image: exportImage() };
  }

  function postImage(url, signal) {
    return requestJSON(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(drawingBody()),
    }, signal);
  }

  /** Tells the correction box (feedback.js) what was drawn and answered, or that it changed. */
  function announce(name, detail = {}) {
    document.dispatchEvent(new CustomEvent(`digit-reader:${name}`, { detail }));
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  function clearError() {
    errorBox.hidden = true;
    errorBox.textContent = '';
  }

  // ---------------------------------------------------------------- formatting

  const percent = (value, digits = 1) => `${(value * 100).toFixed(digits)}%`;

  function bestOf(probabilities) {
    let best = 0;
    for (let i = 1; i < probabilities.length; i += 1) {
      if (probabilities[i] > probabilities[best]) best = i;
    }
    return { digit: best, confidence: probabilities[best] };
  }

  function formatMilliseconds(ms) {
    if (typeof ms !== 'number' || !Number.isFinite(ms)) return '';
    return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
  }

  function modelName(id) {
    const model = models.get(id);
    return model && model.name ? model.name : id;
  }

  /** Fills a list with ten probability bars; the highest one is marked. */
  function renderBars(list, probabilities, chosen) {
    list.replaceChildren();
    const best = bestOf(probabilities).digit;
    probabilities.forEach((p, digit) => {
      const item = document.createElement('li');
      item.className = 'bar-row';
      if (digit === best) item.classList.add('best');
      if (digit === chosen) item.classList.add('chosen');
      item.setAttribute('aria-label', `${digit}: ${percent(p)}`);
      const label = document.createElement('span');
      label.className = 'bar-label';
      label.textContent = String(digit);
      label.setAttribute('aria-hidden', 'true');
      const track = document.createElement('span');
      track.className = 'bar-track';
      track.setAttribute('aria-hidden', 'true');
      const fill = document.createElement('span');
      fill.className = 'bar-fill';
      fill.style.width = `${Math.max(0, Math.min(1, p)) * 100}%`;
      track.append(fill);
      const value = document.createElement('span');
      value.className = 'bar-value';
      value.textContent = percent(p, p >= 0.995 || p < 0.001 ? 0 : 1);
      value.setAttribute('aria-hidden', 'true');
      item.append(label, track, value);
      list.append(item);
    });
  }

  // ---------------------------------------------------------------- live recognition

  /** Increases with every change of drawing or model; answers for older numbers are dropped. */
  let sequence = 0;
  let debounceTimer = null;
  let inFlight = null;
  /** performance.now() of the last change, to measure change-to-answer time. */
  let changedAt = 0;

  function setPending() {
    prediction.setAttribute('data-pending', '');
    prediction.setAttribute('aria-busy', 'true');
    prediction.classList.add('pending');
  }

  function settle(digit) {
    prediction.setAttribute('data-digit', digit);
    prediction.setAttribute('data-latency-ms', String(Math.round(performance.now() - changedAt)));
    prediction.removeAttribute('data-pending');
    prediction.removeAttribute('aria-busy');
    prediction.classList.remove('pending');
  }

  function setState(state) {
    prediction.classList.remove('state-empty', 'state-known', 'state-unsure', 'state-error');
    prediction.classList.add(`state-${state}`);
  }

  function showEmpty(message = 'Draw a digit') {
    setState('empty');
    hint.textContent = message;
    hint.hidden = false;
    answer.hidden = true;
    details.hidden = true;
    prediction.removeAttribute('data-error');
    prediction.removeAttribute('data-confidence');
    settle('');
  }

  function showPrediction(result) {
    clearError();
    prediction.removeAttribute('data-error');
    if (result.empty) {
      showEmpty('Nothing to read yet: draw a larger digit');
      return;
    }
    const probabilities = Array.isArray(result.probabilities) ? result.probabilities : [];
    const guess = probabilities.length === 10 ? bestOf(probabilities) : null;
    const known = result.digit !== null && result.digit !== undefined;
    hint.hidden = true;
    answer.hidden = false;
    const time = formatMilliseconds(result.elapsedMs);
    meta.textContent = [modelName(result.model), time].filter(Boolean).join(' · ');
    if (known) {
      setState('known');
      digitOutput.textContent = String(result.digit);
      verdict.textContent = `It's a ${result.digit} (${percent(result.confidence)} confident)`;
      bestGuess.hidden = true;
    } else {
      setState('unsure');
      digitOutput.textContent = '?';
      verdict.textContent = 'Could not identify';
      if (guess) {
        bestGuess.textContent = `Best guess: ${guess.digit} (${percent(guess.confidence)})`;
        bestGuess.hidden = false;
      } else {
        bestGuess.hidden = true;
      }
    }
    prediction.setAttribute('data-confidence', String(result.confidence ?? ''));
    if (guess) {
      renderBars(bars, probabilities, known ? result.digit : null);
      details.hidden = false;
    } else {
      details.hidden = true;
    }
    if (typeof result.input === 'string' && result.input.startsWith('data:image/')) {
      modelInput.src = result.input;
      modelInput.hidden = false;
    } else {
      modelInput.hidden = true;
    }
    settle(known ? String(result.digit) : '');
  }

  function showPredictionError(error) {
    showError(error.message);
    setState('error');
    hint.textContent = 'No answer from the server.';
    hint.hidden = false;
    answer.hidden = true;
    details.hidden = true;
    prediction.setAttribute('data-error', error.code || 'error');
    settle('');
  }

  async function recognise(mySequence) {
    debounceTimer = null;
    const controller = new AbortController();
    inFlight = controller;
    // No threshold: the server's default (listed by /api/models) decides "could not identify".
    const params = new URLSearchParams({ debug: 'true' });
    if (modelSelect.value) params.set('model', modelSelect.value);
    try {
      const body = drawingBody();
      const result = await requestJSON(`/api/predict?${params}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }, controller.signal);
      if (mySequence !== sequence) return;
      showPrediction(result);
      if (!result.empty) announce('answer', { body, result });
    } catch (error) {
      if (mySequence !== sequence || error.name === 'AbortError') return;
      showPredictionError(error);
    } finally {
      if (inFlight === controller) inFlight = null;
    }
  }

  /** Called whenever the drawing or the model changes. */
  function drawingChanged() {
    sequence += 1;
    announce('changed');
    changedAt = performance.now();
    updateButtons();
    if (debounceTimer !== null) clearTimeout(debounceTimer);
    debounceTimer = null;
    if (inFlight) inFlight.abort();
    inFlight = null;
    if (strokes.length === 0) {
      showEmpty();
    } else {
      setPending();
      const mySequence = sequence;
      debounceTimer = setTimeout(() => recognise(mySequence), DEBOUNCE_MS);
    }
    if (!compareSection.hidden) scheduleCompare();
  }

  // ---------------------------------------------------------------- models

  function describeModel(model) {
    const parts = [];
    if (model.summary) parts.push(model.summary);
    if (typeof model.parameters === 'number') parts.push(`${model.parameters.toLocaleString('en')} parameters`);
    const mnist = model.accuracy && model.accuracy.mnist;
    if (typeof mnist === 'number') parts.push(`MNIST test accuracy ${percent(mnist, 2)}`);
    return parts.join(' · ');
  }

  function showModelDetails() {
    const model = models.get(modelSelect.value);
    modelDetails.textContent = model ? describeModel(model) : '';
  }

  async function loadModels() {
    try {
      const body = await requestJSON('/api/models');
      const list = Array.isArray(body.models) ? body.models : [];
      models.clear();
      modelSelect.replaceChildren();
      for (const model of list) {
        if (!model || typeof model.id !== 'string') continue;
        models.set(model.id, model);
        const option = document.createElement('option');
        option.value = model.id;
        const mnist = model.accuracy && model.accuracy.mnist;
        option.textContent = typeof mnist === 'number'
          ? `${model.name || model.id} (${percent(mnist, 2)} on MNIST)`
          : (model.name || model.id);
        if (model.summary) option.title = model.summary;
        modelSelect.append(option);
      }
      if (models.size === 0) throw new ServerError('The server has no models to read digits with.', 'no-models', 200);
      if (typeof body.default === 'string' && models.has(body.default)) modelSelect.value = body.default;
      modelSelect.disabled = false;
      modelSelect.setAttribute('data-loaded', '');
      showModelDetails();
    } catch (error) {
      modelSelect.replaceChildren(new Option('Server default', ''));
      modelSelect.disabled = true;
      showError(`Could not load the list of models: ${error.message}`);
    }
  }

  modelSelect.addEventListener('change', () => {
    showModelDetails();
    if (strokes.length > 0) drawingChanged();
  });

  // ---------------------------------------------------------------- compare view

  let compareSequence = 0;
  let compareTimer = null;
  let compareInFlight = null;

  function scheduleCompare() {
    compareSequence += 1;
    const mySequence = compareSequence;
    if (compareTimer !== null) clearTimeout(compareTimer);
    compareTimer = null;
    if (compareInFlight) compareInFlight.abort();
    compareInFlight = null;
    if (strokes.length === 0) {
      compareGrid.replaceChildren();
      compareGrid.removeAttribute('data-pending');
      compareGrid.setAttribute('aria-busy', 'false');
      compareStatus.textContent = 'Draw a digit to see every model\u2019s answer.';
      return;
    }
    compareGrid.setAttribute('data-pending', '');
    compareGrid.setAttribute('aria-busy', 'true');
    compareStatus.textContent = 'Asking every model…';
    compareTimer = setTimeout(() => runCompare(mySequence), DEBOUNCE_MS);
  }

  function compareCard(result) {
    const card = document.createElement('article');
    card.className = 'compare-card';
    const known = result.digit !== null && result.digit !== undefined;
    card.dataset.model = result.model;
    card.dataset.digit = known ? String(result.digit) : '';
    if (result.model === modelSelect.value) card.classList.add('current');
    const title = document.createElement('h3');
    title.textContent = modelName(result.model);
    const digit = document.createElement('p');
    digit.className = 'compare-digit';
    const line = document.createElement('p');
    line.className = 'compare-line';
    const probabilities = Array.isArray(result.probabilities) ? result.probabilities : [];
    if (result.empty) {
      digit.textContent = '–';
      line.textContent = 'Nothing to read';
    } else if (known) {
      digit.textContent = String(result.digit);
      line.textContent = `${percent(result.confidence)} confident`;
    } else {
      digit.textContent = '?';
      const guess = probabilities.length === 10 ? bestOf(probabilities) : null;
      line.textContent = guess ? `Could not identify (best guess ${guess.digit}, ${percent(guess.confidence)})` : 'Could not identify';
    }
    const time = document.createElement('p');
    time.className = 'compare-time';
    time.textContent = formatMilliseconds(result.elapsedMs);
    card.append(title, digit, line);
    if (probabilities.length === 10 && !result.empty) {
      const list = document.createElement('ol');
      list.className = 'bars small';
      list.setAttribute('aria-label', `Probabilities from ${modelName(result.model)}`);
      renderBars(list, probabilities, known ? result.digit : null);
      card.append(list);
    }
    card.append(time);
    return card;
  }

  async function runCompare(mySequence) {
    compareTimer = null;
    const controller = new AbortController();
    compareInFlight = controller;
    try {
      const body = await postImage('/api/compare', controller.signal);
      if (mySequence !== compareSequence) return;
      const results = Array.isArray(body.results) ? body.results.slice() : [];
      const order = [...models.keys()];
      const rank = (id) => (order.indexOf(id) === -1 ? order.length : order.indexOf(id));
      results.sort((a, b) => rank(a.model) - rank(b.model));
      compareGrid.replaceChildren(...results.map(compareCard));
      compareStatus.textContent = body.empty ? 'Nothing to read yet: draw a larger digit.' : `${results.length} models answered.`;
      clearError();
    } catch (error) {
      if (mySequence !== compareSequence || error.name === 'AbortError') return;
      compareGrid.replaceChildren();
      compareStatus.textContent = 'No answer from the server.';
      showError(`Could not compare the models: ${error.message}`);
    } finally {
      if (compareInFlight === controller) compareInFlight = null;
      if (mySequence === compareSequence) {
        compareGrid.removeAttribute('data-pending');
        compareGrid.setAttribute('aria-busy', 'false');
      }
    }
  }

  compareToggle.addEventListener('click', () => {
    const show = compareSection.hidden;
    compareSection.hidden = !show;
    compareToggle.setAttribute('aria-expanded', String(show));
    compareToggle.textContent = show ? 'Hide comparison' : 'Compare models';
    if (show) {
      scheduleCompare();
    } else {
      compareSequence += 1;
      if (compareTimer !== null) clearTimeout(compareTimer);
      if (compareInFlight) compareInFlight.abort();
      compareTimer = null;
      compareInFlight = null;
    }
  });

  // ---------------------------------------------------------------- start

  if (typeof ResizeObserver === 'function') {
    new ResizeObserver(sizePad).observe(pad);
  } else {
    window.addEventListener('resize', sizePad);
  }
  // devicePixelRatio changes when the page moves to another screen or is zoomed.
  window.addEventListener('resize', sizePad);
  sizePad();
  updateButtons();
  showEmpty();
  loadModels();
})();
