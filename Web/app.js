// Digit Reader web page: a drawing pad that asks the server what digit, or what number, it sees.
//
// Plain browser JavaScript, no libraries. Strokes are kept as point lists in pad units
// (0..1 across the pad's width and down its height), so the pad can be redrawn at any size and
// undo is just "drop the last list and redraw". What goes to the server is the strokes
// themselves, scaled to the same pixel size whatever the size of the pad on screen: 280 x 280
// for a digit, 1120 x 280 for a number, with the server's brush of 1/14 of the shorter side,
// which is the page's own. A photo or scan chosen with "Read a photo" takes the strokes' place:
// the pad shows it and the server is sent the picture itself.
'use strict';

(() => {
  /** Wait this long after a stroke ends before asking: a stroke that follows at once (the bar of
   *  a quick 4) replaces the request instead of adding one, while the answer still comes well
   *  within a blink (a request takes a few milliseconds). */
  const DEBOUNCE_MS = 60;
  /** Give up on an answer after this long and say so. */
  const REQUEST_TIMEOUT_MS = 20000;
  /** Per mode: the pad's size in the units sent to the server (pixels of the picture the strokes
   *  make), its route, and the words that go with it. A digit's pad is square; a number's is
   *  four times as wide, with the same height, so a digit is written at the same size in both. */
  const MODES = {
    digit: {
      width: 280, height: 280, route: '/api/predict',
      help: 'Write one digit, large, in the middle of the square.',
      label: 'Drawing pad: draw one digit with a mouse, finger or stylus',
      heading: 'Prediction', empty: 'Draw a digit',
    },
    number: {
      width: 1120, height: 280, route: '/api/read',
      help: 'Write a number from left to right, up to 16 digits. Tap a digit to see its alternatives.',
      label: 'Drawing pad: write a number, digit by digit from left to right, with a mouse, finger or stylus',
      heading: 'Reading', empty: 'Write a number',
    },
  };
  /** A chosen photo is sent at most this many pixels on its longer side (as JPEG): the server
   *  works at 128 px, and a phone's 12 megapixels would only make the upload slow. */
  const PHOTO_SIDE = 1024;
  /** Brush diameter as a fraction of the pad's shorter side (20 px on a 280 px pad). */
  const BRUSH_RATIO = 1 / 14;
  /** Points closer than this to the previous one (in pad heights) are not kept. */
  const MIN_POINT_DISTANCE = 0.0015;
  /** In number mode, a press that moves at most this far (CSS pixels, a finger's usual wobble)
   *  inside a digit's outline is a tap on that digit, not ink: no stroke of a digit is that short
   *  (the shortest among the pen validation writers' 1,605 strokes spans 6% of its digit's height). */
  const TAP_SLOP_PX = 6;
  /** How many alternatives a tapped digit shows. */
  const ALTERNATIVES = 3;

  const $ = (id) => document.getElementById(id);
  const pad = $('pad');
  const padContext = pad.getContext('2d');
  const padHelp = $('pad-help');
  const layoutElement = document.querySelector('.layout');
  const modeSelect = $('mode');
  const outlines = $('outlines');
  const resultHeading = $('result-heading');
  const undoButton = $('undo');
  const photoButton = $('photo');
  const photoFile = $('photo-file');
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
  const numberView = $('number');
  const numberHint = $('number-hint');
  const numberAnswer = $('number-answer');
  const numberText = $('number-text');
  const numberMeta = $('number-meta');
  const numberDigits = $('number-digits');
  const alternatives = $('alternatives');
  const alternativesTitle = $('alternatives-title');
  const alternativesBars = $('alternatives-bars');

  /** 'digit' or 'number': which pad is shown and which route reads it. */
  let mode = 'digit';
  /** The digits of the number on screen (from /api/read), and the one whose alternatives show. */
  let readDigits = [];
  let selectedDigit = null;

  /** Finished strokes, each an array of [x, y] in pad units. */
  const strokes = [];
  /** The photo or scan the pad shows instead of strokes, or null:
   *  { image: a canvas holding it, dataURL: what is sent, width, height } in pixels as sent. */
  let photo = null;
  /** The stroke being drawn, or null. */
  let currentStroke = null;
  /** Pointer id of the pointer drawing it (other fingers are ignored meanwhile). */
  let activePointerId = null;
  let redrawQueued = false;

  /** Models from /api/models, by id. */
  const models = new Map();

  // ---------------------------------------------------------------- drawing

  /** Draws strokes with round caps and joins, smoothed by quadratic curves through midpoints,
   *  on a width x height pixel area. */
  function drawStrokes(context, list, width, height) {
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.strokeStyle = '#000';
    context.fillStyle = '#000';
    context.lineWidth = Math.min(width, height) * BRUSH_RATIO;
    for (const points of list) {
      if (points.length === 0) continue;
      const at = (i) => [points[i][0] * width, points[i][1] * height];
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
    const width = Math.round(rect.width * ratio);
    const height = Math.round(rect.height * ratio);
    if (pad.width !== width || pad.height !== height) {
      pad.width = width;
      pad.height = height;
    }
    redraw();
  }

  /** Whether the pad holds nothing to read. */
  function isBlank() {
    return strokes.length === 0 && photo === null;
  }

  /** Takes everything off the pad: strokes, the stroke being drawn, the photo. */
  function emptyPad() {
    strokes.length = 0;
    photo = null;
    currentStroke = null;
    activePointerId = null;
  }

  /** Where the picture the server reads lies on the pad (pad units) and its size in pixels: the
   *  whole pad for strokes, a photo fitted inside it at its own proportions. */
  function pictureFrame() {
    const { width, height } = MODES[mode];
    if (!photo) return { x: 0, y: 0, width: 1, height: 1, pixelWidth: width, pixelHeight: height };
    const padAspect = width / height;
    const aspect = photo.width / photo.height;
    const fitted = { width: Math.min(1, aspect / padAspect), height: Math.min(1, padAspect / aspect) };
    return { x: (1 - fitted.width) / 2, y: (1 - fitted.height) / 2, ...fitted, pixelWidth: photo.width, pixelHeight: photo.height };
  }

  function redraw() {
    redrawQueued = false;
    padContext.setTransform(1, 0, 0, 1, 0, 0);
    padContext.clearRect(0, 0, pad.width, pad.height);
    if (photo) {
      const frame = pictureFrame();
      padContext.drawImage(photo.image, frame.x * pad.width, frame.y * pad.height, frame.width * pad.width, frame.height * pad.height);
    }
    const all = currentStroke ? strokes.concat([currentStroke]) : strokes;
    drawStrokes(padContext, all, pad.width, pad.height);
  }

  function queueRedraw() {
    if (redrawQueued) return;
    redrawQueued = true;
    requestAnimationFrame(redraw);
  }

  function padPoint(event, rect) {
    return [(event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height];
  }

  /** Width over height of the current mode's pad. */
  function aspect() {
    return MODES[mode].width / MODES[mode].height;
  }

  /** Distance between two points in pad heights. */
  function distance(a, b) {
    return Math.hypot((a[0] - b[0]) * aspect(), a[1] - b[1]);
  }

  function addPoint(point) {
    const last = currentStroke[currentStroke.length - 1];
    if (last && distance(point, last) < MIN_POINT_DISTANCE) return;
    currentStroke.push(point);
  }

  /** The index of the read digit whose outline a stroke that barely moved was made in, or null:
   *  such a stroke is a tap that shows that digit's alternatives instead of adding ink. */
  function tappedDigit(stroke, rect) {
    if (mode !== 'number' || readDigits.length === 0 || stroke.length === 0) return null;
    const [x0, y0] = stroke[0];
    const moved = (point) => Math.hypot((point[0] - x0) * rect.width, (point[1] - y0) * rect.height);
    if (stroke.some((point) => moved(point) > TAP_SLOP_PX)) return null;
    const frame = pictureFrame();
    const x = ((x0 - frame.x) / frame.width) * frame.pixelWidth;
    const y = ((y0 - frame.y) / frame.height) * frame.pixelHeight;
    const index = readDigits.findIndex(({ box }) => box
      && x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height);
    return index === -1 ? null : index;
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
      askDeferred = true;
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
    const stroke = currentStroke;
    currentStroke = null;
    queueRedraw();
    const tapped = tappedDigit(stroke, pad.getBoundingClientRect());
    if (tapped !== null) {
      selectDigit(tapped);
      // The drawing did not change: only ask now if this press put off asking for it.
      if (askDeferred) scheduleRecognition();
      askDeferred = false;
      return;
    }
    askDeferred = false;
    // Ink on a photo starts a new drawing: the server reads either a picture or strokes.
    if (stroke.length > 0) {
      photo = null;
      strokes.push(stroke);
    }
    drawingChanged();
  }

  pad.addEventListener('pointerup', endStroke);
  pad.addEventListener('pointercancel', endStroke);
  pad.addEventListener('lostpointercapture', endStroke);
  // A long press on a touch screen must not open a menu over the pad.
  pad.addEventListener('contextmenu', (event) => event.preventDefault());

  undoButton.addEventListener('click', () => {
    if (isBlank()) return;
    if (photo) photo = null; else strokes.pop();
    // At once, not on the next frame: the pad and the answer it shows change together.
    redraw();
    drawingChanged();
  });

  clearButton.addEventListener('click', () => {
    if (isBlank() && !currentStroke) return;
    emptyPad();
    redraw();
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

  /** `file` (a photo or scan) upright as its camera recorded it (EXIF orientation: a phone held
   *  upright stores its photo sideways), shrunk to at most `PHOTO_SIDE` pixels, on white where
   *  it is transparent; throws when the browser cannot decode it. */
  async function preparePhoto(file) {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
    const image = document.createElement('canvas');
    image.width = Math.max(1, Math.round(bitmap.width * scale));
    image.height = Math.max(1, Math.round(bitmap.height * scale));
    const context = image.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, image.width, image.height);
    context.drawImage(bitmap, 0, 0, image.width, image.height);
    bitmap.close();
    return { image, dataURL: image.toDataURL('image/jpeg', 0.92), width: image.width, height: image.height };
  }

  photoButton.addEventListener('click', () => photoFile.click());

  photoFile.addEventListener('change', async () => {
    const [file] = photoFile.files;
    photoFile.value = '';
    if (!file) return;
    let prepared;
    try {
      prepared = await preparePhoto(file);
    } catch {
      showError(`${file.name} is not a picture this page can read: choose a PNG or JPEG photo or scan.`);
      return;
    }
    clearError();
    emptyPad();
    photo = prepared;
    redraw();
    drawingChanged();
  });

  function updateButtons() {
    const empty = isBlank();
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

  /** The body every recognition route takes for the current drawing: the strokes in the pixels
   *  of the mode's pad (to a hundredth of a pixel), with the pad's size, which sets the brush;
   *  or the photo, as a data URL. */
  function drawingBody() {
    if (photo) return { image: photo.dataURL };
    const { width, height } = MODES[mode];
    const scale = (value, size) => Math.round(value * size * 100) / 100;
    return {
      strokes: strokes.map((stroke) => stroke.map(([x, y]) => [scale(x, width), scale(y, height)])),
      width,
      height,
    };
  }

  function postDrawing(url, signal) {
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

  /** Fills a list with probability bars, for all ten digits or for `shown` in that order; the
   *  highest one is marked. */
  function renderBars(list, probabilities, chosen, shown = probabilities.map((_, digit) => digit)) {
    list.replaceChildren();
    const best = bestOf(probabilities).digit;
    shown.forEach((digit) => {
      const p = probabilities[digit];
      const item = document.createElement('li');
      item.className = 'bar-row';
      if (digit === best) item.classList.add('best');
      if (digit === chosen) item.classList.add('chosen');
      item.dataset.digit = String(digit);
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

  /** Increases with every change of drawing, model or mode; answers for older numbers are dropped. */
  let sequence = 0;
  let debounceTimer = null;
  /** A press began while a read was waiting to be asked for: ask when the press ends. */
  let askDeferred = false;
  let inFlight = null;
  /** performance.now() of the last change, to measure change-to-answer time. */
  let changedAt = 0;

  /** The element showing the current mode's answer: `#prediction` or `#number`. */
  function answerView() {
    return mode === 'number' ? numberView : prediction;
  }

  /** Marks `view` as waiting for the answer to the current drawing (`data-pending`). */
  function setPending(view) {
    view.setAttribute('data-pending', '');
    view.setAttribute('aria-busy', 'true');
    view.classList.add('pending');
    if (view === numberView) outlines.classList.add('stale');
  }

  /** Shows that `view`'s answer is the current one: `attribute` (`data-digit`, `data-text`)
   *  holds it and `data-pending` goes. */
  function settle(view, attribute, value) {
    view.setAttribute(attribute, value);
    view.setAttribute('data-latency-ms', String(Math.round(performance.now() - changedAt)));
    view.removeAttribute('data-pending');
    view.removeAttribute('aria-busy');
    view.classList.remove('pending');
    if (view === numberView) outlines.classList.remove('stale');
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
    settle(prediction, 'data-digit', '');
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
    settle(prediction, 'data-digit', known ? String(result.digit) : '');
  }

  function showPredictionError(error) {
    showError(error.message);
    setState('error');
    hint.textContent = 'No answer from the server.';
    hint.hidden = false;
    answer.hidden = true;
    details.hidden = true;
    prediction.setAttribute('data-error', error.code || 'error');
    settle(prediction, 'data-digit', '');
  }

  // ---------------------------------------------------------------- number mode

  const isKnown = (digit) => digit !== null && digit !== undefined;

  /** Forgets the digits on screen: their outlines, their entries and the alternatives. */
  function clearDigits() {
    readDigits = [];
    selectedDigit = null;
    outlines.replaceChildren();
    numberDigits.replaceChildren();
    alternatives.hidden = true;
  }

  function showNumberEmpty(message = MODES.number.empty) {
    numberView.classList.remove('state-known', 'state-error');
    numberView.classList.add('state-empty');
    numberHint.textContent = message;
    numberHint.hidden = false;
    numberAnswer.hidden = true;
    numberView.removeAttribute('data-error');
    clearDigits();
    settle(numberView, 'data-text', '');
  }

  /** The outline of one digit on the pad, placed in percent of the pad so it needs no resizing. */
  function digitOutline(digit, index) {
    const frame = pictureFrame();
    const { box } = digit;
    const outline = document.createElement('div');
    outline.className = 'outline';
    if (!isKnown(digit.digit)) outline.classList.add('unsure');
    outline.dataset.index = String(index);
    outline.dataset.digit = isKnown(digit.digit) ? String(digit.digit) : '';
    const across = (value) => value / frame.pixelWidth * frame.width;
    const down = (value) => value / frame.pixelHeight * frame.height;
    outline.style.left = `${(frame.x + across(box.x)) * 100}%`;
    outline.style.top = `${(frame.y + down(box.y)) * 100}%`;
    outline.style.width = `${across(box.width) * 100}%`;
    outline.style.height = `${down(box.height) * 100}%`;
    const label = document.createElement('span');
    label.className = 'outline-label';
    // Near the pad's top edge the label goes under the digit instead of over it.
    if (frame.y + down(box.y) < 0.15) label.classList.add('below');
    label.textContent = `${isKnown(digit.digit) ? digit.digit : '?'} · ${percent(digit.confidence, 0)}`;
    outline.append(label);
    return outline;
  }

  /** One digit in the list under the number: a button that shows its alternatives. */
  function digitEntry(digit, index, count) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'digit-entry';
    button.dataset.index = String(index);
    button.dataset.digit = isKnown(digit.digit) ? String(digit.digit) : '';
    button.setAttribute('aria-pressed', 'false');
    const reading = isKnown(digit.digit) ? String(digit.digit) : '?';
    button.setAttribute('aria-label', `Digit ${index + 1} of ${count}: ${isKnown(digit.digit) ? digit.digit : 'could not identify'}, ${percent(digit.confidence)} confident; show alternatives`);
    const value = document.createElement('span');
    value.className = 'entry-digit';
    value.textContent = reading;
    const confidence = document.createElement('span');
    confidence.className = 'entry-confidence';
    confidence.textContent = percent(digit.confidence, 0);
    button.append(value, confidence);
    button.addEventListener('click', () => selectDigit(index));
    item.append(button);
    return item;
  }

  /** Shows the alternatives of the digit at `index` and marks its outline and entry. */
  function selectDigit(index) {
    const digit = readDigits[index];
    if (!digit) return;
    selectedDigit = index;
    for (const element of outlines.querySelectorAll('.outline')) {
      element.classList.toggle('selected', element.dataset.index === String(index));
    }
    for (const element of numberDigits.querySelectorAll('.digit-entry')) {
      element.setAttribute('aria-pressed', String(element.dataset.index === String(index)));
    }
    const probabilities = Array.isArray(digit.probabilities) ? digit.probabilities : [];
    const reading = isKnown(digit.digit) ? `read as ${digit.digit}, ${percent(digit.confidence)} confident` : 'could not identify';
    alternativesTitle.textContent = `Digit ${index + 1} of ${readDigits.length}: ${reading}. Most likely:`;
    if (probabilities.length === 10) {
      const ranked = probabilities.map((_, d) => d).sort((a, b) => probabilities[b] - probabilities[a]);
      renderBars(alternativesBars, probabilities, isKnown(digit.digit) ? digit.digit : null, ranked.slice(0, ALTERNATIVES));
    } else {
      alternativesBars.replaceChildren();
    }
    alternatives.dataset.index = String(index);
    alternatives.hidden = false;
  }

  function showNumber(result) {
    clearError();
    numberView.removeAttribute('data-error');
    if (result.empty) {
      showNumberEmpty('Nothing to read yet: write larger digits');
      return;
    }
    const digits = (Array.isArray(result.digits) ? result.digits : []).filter((digit) => digit && digit.box);
    const text = typeof result.text === 'string' ? result.text : '';
    const unsure = digits.filter((digit) => !isKnown(digit.digit)).length;
    numberView.classList.remove('state-empty', 'state-error');
    numberView.classList.add('state-known');
    numberHint.hidden = true;
    numberAnswer.hidden = false;
    numberText.textContent = text;
    numberMeta.textContent = [
      modelName(result.model),
      `${digits.length} ${digits.length === 1 ? 'digit' : 'digits'}`,
      unsure > 0 ? `${unsure} not identified (?)` : '',
      formatMilliseconds(result.elapsedMs),
    ].filter(Boolean).join(' · ');
    clearDigits();
    readDigits = digits;
    outlines.replaceChildren(...digits.map(digitOutline));
    numberDigits.replaceChildren(...digits.map((digit, index) => digitEntry(digit, index, digits.length)));
    settle(numberView, 'data-text', text);
  }

  function showNumberError(error) {
    showError(error.message);
    numberView.classList.remove('state-empty', 'state-known');
    numberView.classList.add('state-error');
    numberHint.textContent = 'No answer from the server.';
    numberHint.hidden = false;
    numberAnswer.hidden = true;
    clearDigits();
    numberView.setAttribute('data-error', error.code || 'error');
    settle(numberView, 'data-text', '');
  }

  // ---------------------------------------------------------------- asking

  async function recognise(mySequence) {
    debounceTimer = null;
    const controller = new AbortController();
    inFlight = controller;
    const asked = mode;
    // No threshold: the server's default (listed by /api/models) decides "could not identify".
    const params = new URLSearchParams(asked === 'digit' ? { debug: 'true' } : {});
    if (modelSelect.value) params.set('model', modelSelect.value);
    try {
      const body = drawingBody();
      const result = await requestJSON(`${MODES[asked].route}?${params}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }, controller.signal);
      if (mySequence !== sequence) return;
      if (asked === 'number') showNumber(result); else showPrediction(result);
      if (!result.empty) announce('answer', { mode: asked, body, result });
    } catch (error) {
      if (mySequence !== sequence || error.name === 'AbortError') return;
      if (asked === 'number') showNumberError(error); else showPredictionError(error);
    } finally {
      if (inFlight === controller) inFlight = null;
    }
  }

  /** Asks for the current drawing once the debounce has passed. */
  function scheduleRecognition() {
    const mySequence = sequence;
    debounceTimer = setTimeout(() => recognise(mySequence), DEBOUNCE_MS);
  }

  /** Called whenever the drawing, the model or the mode changes. */
  function drawingChanged() {
    sequence += 1;
    announce('changed');
    changedAt = performance.now();
    updateButtons();
    if (debounceTimer !== null) clearTimeout(debounceTimer);
    debounceTimer = null;
    if (inFlight) inFlight.abort();
    inFlight = null;
    if (isBlank()) {
      if (mode === 'number') showNumberEmpty(); else showEmpty();
    } else {
      setPending(answerView());
      scheduleRecognition();
    }
    if (!compareSection.hidden) scheduleCompare();
  }

  // ---------------------------------------------------------------- modes

  /** Switches between reading one digit and reading a number; the pad starts empty. */
  function setMode(next) {
    mode = Object.hasOwn(MODES, next) ? next : 'digit';
    modeSelect.value = mode;
    layoutElement.dataset.mode = mode;
    padHelp.textContent = MODES[mode].help;
    pad.setAttribute('aria-label', MODES[mode].label);
    resultHeading.textContent = MODES[mode].heading;
    // Comparing models reads one digit; a number has no such view.
    if (mode === 'number') setCompareOpen(false);
    emptyPad();
    askDeferred = false;
    showEmpty();
    showNumberEmpty();
    sizePad();
    drawingChanged();
  }

  modeSelect.addEventListener('change', () => setMode(modeSelect.value));

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
    if (!isBlank()) drawingChanged();
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
    if (isBlank()) {
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
      const body = await postDrawing('/api/compare', controller.signal);
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

  /** Opens or closes the comparison; closing drops any comparison still waiting or asked for. */
  function setCompareOpen(show) {
    if (show === !compareSection.hidden) return;
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
      compareGrid.removeAttribute('data-pending');
      compareGrid.setAttribute('aria-busy', 'false');
    }
  }

  compareToggle.addEventListener('click', () => setCompareOpen(compareSection.hidden));

  // ---------------------------------------------------------------- start

  if (typeof ResizeObserver === 'function') {
    new ResizeObserver(sizePad).observe(pad);
  } else {
    window.addEventListener('resize', sizePad);
  }
  // devicePixelRatio changes when the page moves to another screen or is zoomed.
  window.addEventListener('resize', sizePad);
  // The browser may have kept the mode picked before a reload.
  setMode(modeSelect.value);
  loadModels();
})();
