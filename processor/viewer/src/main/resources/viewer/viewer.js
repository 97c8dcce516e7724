// FerStream viewer page: plain JavaScript, no build step. Everything it shows comes from the
// server-sent event stream /api/stream; frames are JPEGs the server rendered (faces blurred unless
// the server was started with --show-faces). The model below is what the page shows, readable by
// scripts and tests as window.ferstreamViewer.
'use strict';

(function () {
  const model = {
    connects: 0,          // how many times a stream opened (a viewer restart makes it grow)
    connection: 'connecting',
    camera: null,         // the camera on screen
    showFaces: null,
    frame: null,          // {sequence, captureTime, width, height, blurred, boxes: [...], drawnAt}
    framesDrawn: 0,
    frameLog: [],         // the last frames drawn: {sequence, blurred, blurredRegions, wholeFrameBlurred, processed, boxes}
    cameras: [],
    board: null,
    summaries: null,      // {camera, minutes: [{windowStartMs, facesSeen, tracksStarted, trackMillis, dominantExpression}]}
    events: [],           // newest last, at most MAX_EVENTS
    eventReceivedAt: {},  // eventId -> Date.now() when the page got it (latency measurements)
    deadLetters: null,
    health: null,
  };
  window.ferstreamViewer = model;

  const MAX_EVENTS = 200;
  const PALETTE = ['#4cc38a', '#f0b429', '#6ea8fe', '#ff6b6b', '#c678dd', '#56b6c2', '#e5c07b', '#d19a66', '#98c379'];
  const labelColours = {};
  let source = null;
  let retryTimer = null;
  let retryDelay = 1000;
  let pendingFrame = null;
  let loadingFrame = false;

  const $ = (id) => document.getElementById(id);
  const text = (tag, content, cls) => {
    const el = document.createElement(tag);
    if (content !== undefined) el.textContent = content;
    if (cls) el.className = cls;
    return el;
  };
  const colourOf = (label) => {
    if (!(label in labelColours)) labelColours[label] = PALETTE[Object.keys(labelColours).length % PALETTE.length];
    return labelColours[label];
  };
  const trackColour = (id) => PALETTE[Math.abs(Number(id)) % PALETTE.length];
  const ago = (ms) => {
    if (!ms) return 'never';
    const s = Math.max(0, (Date.now() - ms) / 1000);
    return s < 60 ? s.toFixed(0) + ' s ago' : (s / 60).toFixed(1) + ' min ago';
  };

  function initialCamera() {
    const fromHash = new URLSearchParams(location.hash.slice(1)).get('camera');
    return fromHash || null;
  }

  function setConnection(state) {
    model.connection = state;
    document.body.dataset.connection = state;
    $('connection').textContent = state;
  }

  function connect() {
    if (source) source.close();
    clearTimeout(retryTimer);
    const url = '/api/stream' + (model.camera ? '?camera=' + encodeURIComponent(model.camera) : '');
    source = new EventSource(url);
    source.addEventListener('open', () => { retryDelay = 1000; });
    source.addEventListener('error', () => {
      setConnection('reconnecting');
      // EventSource retries by itself after a dropped stream; after a refused one (the server was
      // down, or answered 503) it gives up: then start a new one, backing off to 10 s.
      if (source.readyState === EventSource.CLOSED) {
        retryTimer = setTimeout(connect, retryDelay);
        retryDelay = Math.min(10000, retryDelay * 2);
      }
    });
    source.addEventListener('hello', (e) => {
      const hello = JSON.parse(e.data);
      model.connects += 1;
      document.body.dataset.connects = String(model.connects);
      model.showFaces = hello.showFaces;
      setConnection('open');
      const privacy = $('privacy');
      privacy.textContent = hello.showFaces ? 'faces shown unblurred' : 'faces blurred';
      privacy.className = 'badge ' + (hello.showFaces ? 'shown' : 'blurred');
      $('delay').textContent = 'frames shown once the job has processed them (at most '
        + (hello.maxFrameWaitMs / 1000) + ' s behind, then blurred all over), ' + hello.displayFps + ' fps';
    });
    source.addEventListener('cameras', (e) => showCameras(JSON.parse(e.data)));
    source.addEventListener('recent', (e) => {
      model.events = [];
      $('events').replaceChildren();
      JSON.parse(e.data).forEach(addEvent);
    });
    source.addEventListener('event', (e) => addEvent(JSON.parse(e.data)));
    source.addEventListener('deadLetters', (e) => showDeadLetters(JSON.parse(e.data)));
    source.addEventListener('health', (e) => showHealth(JSON.parse(e.data)));
    source.addEventListener('board', (e) => showBoard(JSON.parse(e.data)));
    source.addEventListener('summaries', (e) => showSummaries(JSON.parse(e.data)));
    source.addEventListener('frame', (e) => queueFrame(JSON.parse(e.data)));
  }

  function selectCamera(camera) {
    if (camera === model.camera) return;
    model.camera = camera;
    model.frame = null;
    model.board = null;
    model.summaries = null;
    showSummaries({ camera: camera, minutes: [] });
    $('view').dataset.camera = camera || '';
    $('view').dataset.frameSequence = '-1';
    $('view').dataset.boxes = '[]';
    $('live-title').textContent = camera ? 'Live view: ' + camera : 'Live view';
    $('timelines').replaceChildren(text('p', 'no tracks yet', 'muted'));
    history.replaceState(null, '', camera ? '#camera=' + encodeURIComponent(camera) : '#');
    connect();
  }

  function showCameras(cameras) {
    model.cameras = cameras;
    const list = $('cameras');
    list.replaceChildren();
    if (cameras.length === 0) list.append(text('li', 'none yet', 'muted'));
    for (const c of cameras) {
      const li = text('li');
      li.dataset.camera = c.camera;
      if (c.camera === model.camera) li.classList.add('selected');
      li.append(text('div', c.camera, 'name'));
      const s = c.status;
      if (s) {
        const reasons = Object.entries(s.rejected).map(([r, n]) => r + ' ' + n).join(', ');
        li.append(text('div', s.receivedFps.toFixed(1) + ' fps received, ' + s.acceptedFps.toFixed(1) + ' accepted', 'meta'));
        li.append(text('div', 'rejected: ' + (reasons || 'none'), 'meta'));
        li.append(text('div', 'last seen ' + ago(s.lastSeen), 'meta'));
      } else {
        li.append(text('div', 'no status from the gate yet', 'meta'));
      }
      li.append(text('div', c.liveTracks + ' live track(s)', 'meta'));
      li.addEventListener('click', () => selectCamera(c.camera));
      list.append(li);
    }
    if (!model.camera && cameras.length > 0) selectCamera(cameras[0].camera);
  }

  function addEvent(e) {
    model.events.push(e);
    if (model.events.length > MAX_EVENTS) model.events.shift();
    if (!(e.eventId in model.eventReceivedAt)) model.eventReceivedAt[e.eventId] = Date.now();
    const keys = Object.keys(model.eventReceivedAt);
    if (keys.length > 1000) delete model.eventReceivedAt[keys[0]];
    const li = text('li');
    li.dataset.eventId = e.eventId;
    li.dataset.type = e.type;
    li.append(text('span', new Date(e.eventTime).toLocaleTimeString() + ' '));
    li.append(text('span', e.type, 'type t-' + e.type));
    li.append(text('span', ' ' + e.camera + ' #' + e.trackId + ' ' + e.expression + ' ' + e.confidence.toFixed(2)));
    const list = $('events');
    list.prepend(li);
    while (list.children.length > MAX_EVENTS) list.lastChild.remove();
  }

  function showDeadLetters(d) {
    model.deadLetters = d;
    const box = $('dead-letters');
    box.dataset.total = String(d.total);
    box.replaceChildren();
    if (d.total === 0) { box.append(text('span', 'none', 'muted')); return; }
    const dl = text('dl', undefined, 'facts');
    for (const [reason, n] of Object.entries(d.byReason)) {
      dl.append(text('dt', reason), text('dd', String(n)));
    }
    dl.append(text('dt', 'latest'), text('dd', ago(d.lastAt)));
    box.append(dl);
  }

  function showHealth(h) {
    model.health = h;
    const dl = $('job');
    dl.replaceChildren();
    const row = (k, v, cls) => dl.append(text('dt', k), text('dd', v, cls));
    if (!h.configured) { row('state', 'not configured (--flink-rest-url)', 'muted'); return; }
    const j = h.health;
    if (!j) { row('state', 'asking Flink ...', 'muted'); return; }
    if (!j.reachable || !j.jobId) { row('state', j.error || 'unknown', 'state-FAILED'); return; }
    row('job', j.jobName);
    row('state', j.state, 'state-' + j.state);
    row('restarts', j.restarts < 0 ? '?' : String(j.restarts));
    row('last checkpoint', j.lastCheckpointId < 0 ? 'none yet'
      : '#' + j.lastCheckpointId + ', ' + ago(j.lastCheckpointAtMs) + ', took ' + j.lastCheckpointDurationMs + ' ms');
    row('checkpoints', j.checkpointsCompleted + ' completed, ' + j.checkpointsFailed + ' failed');
    row('backpressure', (j.backpressure || 'n/a') + (j.backpressuredVertex ? ' (busiest: ' + j.backpressuredVertex + ')' : ''), 'bp-' + j.backpressure);
  }

  function queueFrame(f) {
    if (f.camera !== model.camera) return;
    pendingFrame = f;   // only the newest waits: a slow network skips frames, it does not queue them
    if (!loadingFrame) loadNextFrame();
  }

  function loadNextFrame() {
    const f = pendingFrame;
    pendingFrame = null;
    if (!f) { loadingFrame = false; return; }
    loadingFrame = true;
    const img = new Image();
    img.onload = () => { draw(f, img); loadNextFrame(); };
    img.onerror = () => loadNextFrame();   // rendered over by newer frames already: skip it
    img.src = f.image;
  }

  function draw(f, img) {
    const canvas = $('view');
    if (canvas.width !== f.width || canvas.height !== f.height) {
      canvas.width = f.width;
      canvas.height = f.height;
    }
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0, f.width, f.height);
    const boxes = f.tracks.map((t) => ({
      trackId: t.trackId, label: t.label, confidence: t.confidence,
      x: t.box.x, y: t.box.y, w: t.box.w, h: t.box.h,
      px: { x: Math.round(t.box.x * f.width), y: Math.round(t.box.y * f.height),
            w: Math.round(t.box.w * f.width), h: Math.round(t.box.h * f.height) },
    }));
    ctx.lineWidth = Math.max(2, f.width / 320);
    ctx.font = Math.max(12, Math.round(f.width / 50)) + 'px system-ui, sans-serif';
    ctx.textBaseline = 'bottom';
    for (const b of boxes) {
      const colour = trackColour(b.trackId);
      ctx.strokeStyle = colour;
      ctx.strokeRect(b.px.x, b.px.y, b.px.w, b.px.h);
      const caption = '#' + b.trackId + ' ' + b.label + ' ' + b.confidence.toFixed(2);
      const width = ctx.measureText(caption).width + 8;
      const top = Math.max(0, b.px.y - parseInt(ctx.font, 10) - 6);
      ctx.fillStyle = colour;
      ctx.fillRect(b.px.x, top, width, parseInt(ctx.font, 10) + 6);
      ctx.fillStyle = '#000';
      ctx.fillText(caption, b.px.x + 4, top + parseInt(ctx.font, 10) + 4);
    }
    model.frame = { sequence: f.sequence, captureTime: f.captureTime, width: f.width, height: f.height,
                    blurred: f.blurred, boxes: boxes, drawnAt: Date.now() };
    model.framesDrawn += 1;
    model.frameLog.push({ sequence: f.sequence, blurred: f.blurred, blurredRegions: f.blurredRegions,
                          wholeFrameBlurred: f.wholeFrameBlurred, processed: f.processed, boxes: boxes.length });
    if (model.frameLog.length > 500) model.frameLog.shift();
    canvas.dataset.frameSequence = String(f.sequence);
    canvas.dataset.boxes = JSON.stringify(boxes.map((b) => ({ trackId: b.trackId, label: b.label, x: b.x, y: b.y, w: b.w, h: b.h })));
    $('frame-info').textContent = 'frame ' + f.sequence + ' captured ' + new Date(f.captureTime).toLocaleTimeString()
      + ', ' + boxes.length + ' face(s)'
      + (f.wholeFrameBlurred ? ', not processed by the job yet: blurred all over' : f.blurred ? ', faces blurred' : ', faces NOT blurred');
  }

  function showBoard(board) {
    if (board.camera !== model.camera) return;
    model.board = board;
    const box = $('timelines');
    box.replaceChildren();
    if (board.tracks.length === 0) { box.append(text('p', 'no tracks yet', 'muted')); return; }
    for (const t of board.tracks) {
      const card = text('div', undefined, 'track' + (t.ended ? ' ended' : ''));
      card.dataset.trackId = String(t.trackId);
      card.dataset.ended = String(t.ended);
      card.dataset.label = t.label || '';
      card.append(text('h3', '#' + t.trackId + ' ' + (t.label || '?') + ' ' + (t.confidence || 0).toFixed(2) + (t.ended ? ' (ended)' : '')));
      const chart = document.createElement('canvas');
      chart.width = 300;
      chart.height = 80;
      card.append(chart);
      const legend = text('div', undefined, 'legend');
      card.append(legend);
      plot(chart, legend, t.timeline);
      if (t.summary) {
        const s = t.summary;
        const shares = Object.entries(s.expressionShare).filter(([, v]) => v > 0)
          .map(([k, v]) => k + ' ' + Math.round(v * 100) + '%').join(', ');
        const summary = text('div', (s.durationMillis / 1000).toFixed(1) + ' s, ' + s.observations
          + ' observations, dominant ' + s.dominantExpression + (shares ? ' [' + shares + ']' : ''), 'summary');
        summary.dataset.dominant = s.dominantExpression;
        card.append(summary);
      }
      box.append(card);
    }
  }

  function showSummaries(s) {
    if (s.camera !== model.camera) return;
    model.summaries = s;
    const minutes = s.minutes.slice(-30);   // the chart's last half hour; the server keeps an hour
    const canvas = $('summary-chart');
    const ctx = canvas.getContext('2d');
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const legend = $('summary-legend');
    legend.replaceChildren();
    const rows = $('summaries').tBodies[0];
    rows.replaceChildren();
    if (minutes.length === 0) {
      const tr = text('tr');
      tr.append(text('td', 'no minute summarised yet', 'muted'));
      rows.append(tr);
      return;
    }
    const labels = [...new Set(minutes.flatMap((m) => Object.keys(m.trackMillis)))].sort();
    const totals = minutes.map((m) => Object.values(m.trackMillis).reduce((a, b) => a + b, 0));
    const top = Math.max(1, ...totals);
    const slot = canvas.width / 30;
    const bottom = canvas.height - 14;
    ctx.font = '10px system-ui, sans-serif';
    ctx.textAlign = 'center';
    minutes.forEach((m, i) => {
      let y = bottom;
      const x = i * slot + 2;
      for (const label of labels) {
        const h = (m.trackMillis[label] || 0) / top * (bottom - 14);
        ctx.fillStyle = colourOf(label);
        ctx.fillRect(x, y - h, slot - 4, h);
        y -= h;
      }
      ctx.fillStyle = '#ccc';
      ctx.fillText(String(m.facesSeen), x + (slot - 4) / 2, y - 2);
      ctx.fillText(new Date(m.windowStartMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
        x + (slot - 4) / 2, canvas.height - 2);
    });
    for (const label of labels) {
      const key = text('span', label);
      key.style.color = colourOf(label);
      legend.append(key);
    }
    for (const m of minutes.slice().reverse()) {
      const tr = text('tr');
      tr.dataset.windowStart = String(m.windowStartMs);
      tr.dataset.faces = String(m.facesSeen);
      tr.dataset.dominant = m.dominantExpression;
      const seconds = Object.entries(m.trackMillis).map(([k, v]) => k + ' ' + (v / 1000).toFixed(1) + ' s').join(', ');
      tr.append(text('td', new Date(m.windowStartMs).toLocaleTimeString()),
        text('td', m.facesSeen + ' face(s)'), text('td', m.dominantExpression), text('td', seconds, 'muted'));
      rows.append(tr);
    }
  }

  function plot(canvas, legend, points) {
    const ctx = canvas.getContext('2d');
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!points || points.length === 0) return;
    const t0 = points[0].eventTimeMs;
    const span = Math.max(1, points[points.length - 1].eventTimeMs - t0);
    const labels = Object.keys(points[0].probabilities);
    const x = (p) => points.length === 1 ? canvas.width / 2 : 4 + (p.eventTimeMs - t0) / span * (canvas.width - 8);
    const y = (v) => canvas.height - 4 - v * (canvas.height - 8);
    for (const label of labels) {
      ctx.strokeStyle = colourOf(label);
      ctx.fillStyle = colourOf(label);
      ctx.lineWidth = 2;
      ctx.beginPath();
      points.forEach((p, i) => {
        const v = p.probabilities[label] || 0;
        if (i === 0) ctx.moveTo(x(p), y(v)); else ctx.lineTo(x(p), y(v));
      });
      ctx.stroke();
      points.forEach((p) => { ctx.fillRect(x(p) - 2, y(p.probabilities[label] || 0) - 2, 4, 4); });
      const key = text('span', label);
      key.style.color = colourOf(label);
      legend.append(key);
    }
  }

  model.camera = initialCamera();
  if (model.camera) $('view').dataset.camera = model.camera;
  connect();
})();
