/*
 * The DiffViews page: the map (Plotly scattergl), hover previews, selection and neighbors,
 * class highlight, model switch, generation with live trajectories, and the frames of each
 * generation. All state lives on the server, per tab; this script draws what the API answers.
 * The map's viewport is never reset except by a model switch: overlays are replaced with
 * Plotly.react against the figure's current layout.
 */
(function () {
  'use strict';

  const TOKEN_KEY = 'diffviews.token';
  const SESSION_KEY = 'diffviews.session';
  const HOVER_DELAY_MS = 100;
  const IMAGE_CACHE_SIZE = 400;
  const TRAJECTORY_TRACE = /^(trajectory|traj_start|traj_end)_(\d+)$/;

  const $ = (id) => document.getElementById(id);

  const view = {
    model: null,          // model info from the API
    state: null,          // the session's state from the API
    samples: null,        // trace 0, every sample
    layout: null,         // the layout of the current model's figure
    trajectory: -1,       // the trajectory the frames gallery shows
    frame: -1,            // the shown frame of it; -1 is the final image
    shownImage: null,     // {url, name} of the image in the output panel
    generating: false,
    hoverKey: null,
    hoverTimer: null,
    lastPreviewMs: null,
    lastHoverToPreviewMs: null,
    readyAt: null,
    plotlyAt: null,
    previewCount: 0,
    interactiveMs: null,
  };

  /* ---------------------------------------------------------------- API */

  class ApiError extends Error {
    constructor(status, body) {
      super(body && body.error ? body.error : 'HTTP ' + status);
      this.status = status;
      this.code = body && body.code;
    }
  }

  const api = {
    token: sessionStorage.getItem(TOKEN_KEY),
    session: sessionStorage.getItem(SESSION_KEY),

    headers(json) {
      const headers = {};
      if (this.token) headers['X-DiffViews-Token'] = this.token;
      if (this.session) headers['X-DiffViews-Session'] = this.session;
      if (json) headers['Content-Type'] = 'application/json';
      return headers;
    },

    async fetch(method, path, body, retried) {
      const init = { method, headers: this.headers(body !== undefined), cache: 'no-store' };
      if (body !== undefined) init.body = JSON.stringify(body);
      const response = await fetch(path, init);
      if (response.status === 401 && !retried) {
        await askToken();
        return this.fetch(method, path, body, true);
      }
      if (response.status === 410 && !retried && view.model && path !== '/api/sessions') {
        await restartSession('Your session expired; a new one was started.');
        return this.fetch(method, path, body, true);
      }
      if (!response.ok) {
        let error = null;
        try { error = await response.json(); } catch (e) { /* not JSON */ }
        throw new ApiError(response.status, error);
      }
      return response;
    },

    async json(method, path, body) {
      return (await this.fetch(method, path, body)).json();
    },

    async blobUrl(path) {
      const cached = imageCache.get(path);
      if (cached) {
        imageCache.delete(path);
        imageCache.set(path, cached);
        return cached;
      }
      const blob = await (await this.fetch('GET', path)).blob();
      const url = URL.createObjectURL(blob);
      imageCache.set(path, url);
      if (imageCache.size > IMAGE_CACHE_SIZE) {
        const oldest = imageCache.keys().next().value;
        URL.revokeObjectURL(imageCache.get(oldest));
        imageCache.delete(oldest);
      }
      return url;
    },
  };

  const imageCache = new Map();

  function forgetImages(prefix) {
    for (const [path, url] of [...imageCache]) {
      if (path.startsWith(prefix)) {
        URL.revokeObjectURL(url);
        imageCache.delete(path);
      }
    }
  }

  function askToken() {
    return new Promise((resolve) => {
      const dialog = $('token-dialog');
      const input = $('token-input');
      dialog.hidden = false;
      input.value = '';
      input.focus();
      $('token-form').onsubmit = (event) => {
        event.preventDefault();
        api.token = input.value.trim();
        sessionStorage.setItem(TOKEN_KEY, api.token);
        dialog.hidden = true;
        resolve();
      };
    });
  }

  async function openSession(model) {
    api.session = null;
    const opened = await api.json('POST', '/api/sessions', model ? { model } : {});
    api.session = opened.session;
    sessionStorage.setItem(SESSION_KEY, api.session);
    return opened;
  }

  async function restartSession(message) {
    const opened = await openSession(view.model ? view.model.name : null);
    await loadModel(opened.model, opened.state);
    setStatus(message, true);
  }

  /* A duplicated tab inherits sessionStorage; it must not share the original tab's session. */
  function sessionTakenElsewhere(session) {
    if (!('BroadcastChannel' in window) || !session) return Promise.resolve(false);
    return new Promise((resolve) => {
      const nonce = Math.random().toString(36).slice(2);
      const probe = new BroadcastChannel('diffviews');
      probe.onmessage = (event) => {
        if (event.data && event.data.type === 'taken' && event.data.nonce === nonce) {
          probe.close();
          resolve(true);
        }
      };
      probe.postMessage({ type: 'claim', session, nonce });
      setTimeout(() => { probe.close(); resolve(false); }, 150);
    });
  }

  function answerClaims() {
    if (!('BroadcastChannel' in window)) return;
    const channel = new BroadcastChannel('diffviews');
    channel.onmessage = (event) => {
      const message = event.data;
      if (message && message.type === 'claim' && message.session === api.session) {
        channel.postMessage({ type: 'taken', nonce: message.nonce });
      }
    };
  }

  /* -------------------------------------------------------------- status */

  function setStatus(text, isError) {
    const status = $('status');
    status.textContent = text;
    status.classList.toggle('error', !!isError);
  }

  function reportError(error) {
    console.warn(error);
    setStatus(error.message || String(error), true);
  }

  function fmt(value, digits) {
    return value === null || value === undefined || Number.isNaN(value) ? '–'
      : Number(value).toFixed(digits);
  }

  function sigmaOf(noiseLevel) {
    const limits = view.model.limits;
    const t = noiseLevel / 100;
    return Math.pow(limits.sigmaMin, 1 - t) * Math.pow(limits.sigmaMax, t);
  }

  /* ----------------------------------------------------------------- map */

  /* Plotly's 11 MB script runs after this one, so the first requests overlap its parsing. */
  function plotlyLoaded() {
    if (window.Plotly) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const script = $('plotly-script');
      script.addEventListener('load', resolve, { once: true });
      script.addEventListener('error', () => reject(new Error('Plotly.js failed to load')),
        { once: true });
    });
  }

  async function loadModel(model, state) {
    view.model = model;
    const figure = await api.json('GET', '/api/map');
    await plotlyLoaded();
    if (view.plotlyAt === null) view.plotlyAt = performance.now();
    view.samples = figure.data[0];
    view.layout = figure.layout;
    view.state = state;
    view.trajectory = -1;
    view.frame = -1;
    view.shownImage = null;
    forgetImages('/api/');
    renderModelControls();
    const started = performance.now();
    // A model switch draws a new figure; purging the old one frees its WebGL context.
    if ($('map')._fullLayout) Plotly.purge($('map'));
    await Plotly.newPlot($('map'), [view.samples].concat(state.overlays), view.layout, {
      responsive: true,
      displaylogo: false,
      scrollZoom: true,
      modeBarButtonsToRemove: ['select2d', 'lasso2d'],
    });
    view.interactiveMs = performance.now() - started;
    bindMapEvents();
    renderState(state, { redraw: false });
    setStatus('Showing ' + model.samples + ' samples (' + model.name + ')');
  }

  function bindMapEvents() {
    const map = $('map');
    map.removeAllListeners && map.removeAllListeners('plotly_hover');
    map.removeAllListeners && map.removeAllListeners('plotly_click');
    map.on('plotly_hover', onHover);
    map.on('plotly_click', onClick);
  }

  /* Replaces the overlays, keeping the current viewport: the layout passed is the live one. */
  function drawOverlays(overlays) {
    const map = $('map');
    return Plotly.react(map, [view.samples].concat(overlays), map.layout);
  }

  function replaceTrajectoryTraces(index, traces) {
    const map = $('map');
    const names = new Set(['trajectory_line_', 'trajectory_', 'traj_start_', 'traj_end_']
      .map((prefix) => prefix + index));
    const kept = map.data.filter((trace) => !names.has(trace.name));
    return Plotly.react(map, kept.concat(traces), map.layout);
  }

  /* ----------------------------------------------------------- hover */

  function onHover(event) {
    const point = event.points && event.points[0];
    if (!point) return;
    const name = point.data.name;
    let key;
    let show;
    if (name === 'samples') {
      const index = point.customdata;
      key = 's' + index;
      show = () => previewSample(index);
    } else {
      const match = TRAJECTORY_TRACE.exec(name || '');
      if (!match) return;
      const trajectory = Number(match[2]);
      const step = Number(point.customdata);
      key = 't' + trajectory + ':' + step;
      show = () => previewStep(trajectory, step);
    }
    if (key === view.hoverKey) return;
    view.hoverKey = key;
    const hoveredAt = performance.now();
    clearTimeout(view.hoverTimer);
    view.hoverTimer = setTimeout(() => {
      const started = performance.now();
      show().then((shown) => {
        if (shown) {
          const now = performance.now();
          view.lastPreviewMs = now - started;
          view.lastHoverToPreviewMs = now - hoveredAt;
          view.previewCount += 1;
        }
      }).catch(reportError);
    }, HOVER_DELAY_MS);
  }

  async function previewSample(index) {
    const [sample, url] = await Promise.all([
      api.json('GET', '/api/samples/' + index),
      api.blobUrl('/api/samples/' + index + '/image').catch(() => null),
    ]);
    if (view.hoverKey !== 's' + index) return false;
    showImage($('preview-image'), url);
    $('preview-info').innerHTML = sampleDetails(sample);
    $('preview-info').dataset.index = String(index);
    return true;
  }

  async function previewStep(trajectory, step) {
    const record = view.state && view.state.trajectories[trajectory];
    const frames = record ? record.frames : [];
    if (!record || step < 1 || step > frames.length) {
      $('preview-info').textContent = 'Step ' + step + ' is not ready yet';
      return false;
    }
    const frame = frames[step - 1];
    const url = await api.blobUrl(frame.image);
    if (view.hoverKey !== 't' + trajectory + ':' + step) return false;
    showImage($('preview-image'), url);
    $('preview-info').innerHTML = '<b>Traj ' + (trajectory + 1) + '</b> · Step ' + step + '/'
      + record.steps + '<br>σ = ' + fmt(frame.sigma, 3) + ' · noise ' + fmt(frame.noiseLevel, 1)
      + ' %<br>' + escapeHtml(record.classLabel);
    $('preview-info').dataset.index = 't' + trajectory + ':' + step;
    return true;
  }

  function sampleDetails(sample) {
    let text = '<b>' + escapeHtml(sample.sampleId) + '</b><br>Class: '
      + escapeHtml(sample.classLabel);
    if (sample.noiseLevel !== null) {
      text += '<br>noise ' + fmt(sample.noiseLevel, 1) + ' % (σ = ' + fmt(sample.sigma, 3) + ')';
    }
    if (sample.x !== undefined) {
      text += '<br>(' + fmt(sample.x, 2) + ', ' + fmt(sample.y, 2) + ')';
    }
    return text;
  }

  function showImage(img, url) {
    if (url) {
      img.src = url;
      img.hidden = false;
    } else {
      img.removeAttribute('src');
      img.hidden = true;
    }
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({
      '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
    }[c]));
  }

  /* ----------------------------------------------------------- selection */

  function onClick(event) {
    const point = event.points && event.points[0];
    if (!point || point.curveNumber !== 0 || point.data.name !== 'samples') return;
    const index = point.customdata;
    if (!Number.isInteger(index) || index < 0 || index >= view.model.samples) return;
    change('/api/click', { index });
  }

  async function change(path, body) {
    try {
      const state = await api.json('POST', path, body === undefined ? {} : body);
      renderState(state, { redraw: true });
      if (state.note) setStatus(state.note, true);
      return state;
    } catch (error) {
      reportError(error);
      return null;
    }
  }

  function renderState(state, options) {
    view.state = state;
    if (options.redraw) drawOverlays(state.overlays);
    renderSelected(state.selected);
    renderNeighbors(state);
    renderHighlight(state);
    renderTrajectories(state);
    updateButtons();
  }

  function renderSelected(selected) {
    const info = $('selected-info');
    if (!selected) {
      showImage($('selected-image'), null);
      info.textContent = 'Click a point to select it';
      info.dataset.index = '';
      return;
    }
    info.innerHTML = sampleDetails(selected);
    info.dataset.index = String(selected.index);
    api.blobUrl(selected.image).then((url) => {
      if (view.state.selected && view.state.selected.index === selected.index) {
        showImage($('selected-image'), url);
      }
    }).catch(() => showImage($('selected-image'), null));
  }

  function renderNeighbors(state) {
    const gallery = $('neighbor-gallery');
    gallery.replaceChildren();
    $('neighbor-summary').textContent = state.gallery.length
      ? state.neighborSummary : 'Click points or use Suggest';
    for (const entry of state.gallery) {
      const figure = document.createElement('figure');
      figure.dataset.index = String(entry.index);
      const img = document.createElement('img');
      img.alt = entry.caption;
      const caption = document.createElement('figcaption');
      caption.textContent = entry.caption;
      figure.append(img, caption);
      gallery.append(figure);
      api.blobUrl('/api/samples/' + entry.index + '/image')
        .then((url) => { img.src = url; })
        .catch(() => { img.alt = 'no image'; });
    }
  }

  function renderHighlight(state) {
    $('class-select').value = state.highlightedClass === null ? ''
      : String(state.highlightedClass);
    $('highlight-info').textContent = state.highlightedClass === null ? ''
      : state.highlightCount + ' samples';
  }

  /* --------------------------------------------------------- controls */

  function renderModelControls() {
    const model = view.model;
    const picker = $('model-picker');
    const select = $('model-select');
    picker.hidden = model.models.length < 2;
    select.replaceChildren(...model.models.map((name) => new Option(name, name)));
    select.value = model.name;

    const classes = $('class-select');
    classes.replaceChildren(new Option('(none)', ''),
      ...model.classes.map((c) => new Option(c.label, String(c.id))));

    const d = model.defaults;
    $('steps').value = d.steps;
    $('steps').max = model.limits.maxSteps;
    $('mask-steps').value = d.maskSteps;
    $('noise-max').value = d.noiseMax;
    $('noise-min').value = d.noiseMin;
    $('guidance').value = d.guidance;
    $('guidance').max = model.limits.maxGuidance;
    $('seed').value = '';
    $('noise-mode').replaceChildren(...model.noiseModes.map((m) => new Option(m, m)));
    $('noise-mode').value = d.noiseMode;
    $('sampler').replaceChildren(...model.samplers.map((s) => new Option(s, s)));
    $('sampler').value = d.sampler;
    updateSigmaRange();
    $('generation-status').textContent = model.generation.available ? ''
      : 'Generation unavailable: ' + model.generation.reason;
  }

  function updateSigmaRange() {
    const max = Number($('noise-max').value);
    const min = Number($('noise-min').value);
    $('sigma-range').textContent = 'σ from ' + fmt(sigmaOf(max), 3) + ' to '
      + fmt(sigmaOf(min), 4) + ' · masks on the map layers '
      + view.model.generation.layers.join(', ');
  }

  function updateButtons() {
    const selected = !!(view.state && view.state.selected);
    $('suggest').disabled = !selected;
    $('clear-neighbors').disabled = !selected;
    $('clear-selection').disabled = !selected;
    $('generate').disabled = !selected || view.generating || !view.model.generation.available;
    const record = currentRecord();
    const frames = record ? record.frames.length : 0;
    $('prev-frame').disabled = frames === 0;
    $('next-frame').disabled = frames === 0;
    $('download').disabled = !view.shownImage;
  }

  function readK() {
    const input = $('k');
    let k = Math.round(Number(input.value));
    let note = '';
    if (!Number.isFinite(k) || k < 1) k = 1;
    if (k > 20) { k = 20; note = ' (max 20)'; }
    input.value = k;
    return { k, note };
  }

  function readSettings() {
    const number = (id) => Number($(id).value);
    const settings = {
      steps: Math.round(number('steps')),
      maskSteps: Math.round(number('mask-steps')),
      noiseMax: number('noise-max'),
      noiseMin: number('noise-min'),
      guidance: number('guidance'),
      noiseMode: $('noise-mode').value,
      sampler: $('sampler').value,
    };
    if ($('seed').value !== '') settings.seed = Math.round(number('seed'));
    return settings;
  }

  /* ---------------------------------------------------------- generation */

  async function generate() {
    if (view.generating) return;
    view.generating = true;
    updateButtons();
    $('generation-status').classList.remove('error');
    $('generation-status').textContent = 'Starting…';
    try {
      const response = await api.fetch('POST', '/api/generate', readSettings());
      await readEvents(response, onGenerationEvent);
    } catch (error) {
      $('generation-status').textContent = error.status === 503
        ? 'Busy: ' + error.message : error.message;
      $('generation-status').classList.add('error');
    } finally {
      view.generating = false;
      updateButtons();
    }
  }

  /* Reads a text/event-stream response, calling back with each event's name and data. */
  async function readEvents(response, callback) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let name = 'message';
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) name = line.slice(7);
          else if (line.startsWith('data: ')) data += line.slice(6);
        }
        callback(name, data ? JSON.parse(data) : null);
      }
    }
  }

  function onGenerationEvent(name, data) {
    const status = $('generation-status');
    if (name === 'started') {
      view.state.trajectories[data.index] = data;
      view.trajectory = data.index;
      view.frame = -1;
      renderTrajectories(view.state);
      status.textContent = data.label + ': starting';
    } else if (name === 'status') {
      status.textContent = data.message;
    } else if (name === 'step') {
      const record = view.state.trajectories[data.trajectory];
      if (!record) return;
      record.frames.push(data);
      replaceTrajectoryTraces(data.trajectory, data.traces);
      status.textContent = 'Step ' + data.step + '/' + data.steps + ' · σ = '
        + fmt(data.sigma, 2) + ' · noise ' + fmt(data.noiseLevel, 1) + ' %';
      if (view.trajectory === data.trajectory) {
        view.frame = data.step - 1;
        renderFrames();
        showFrame();
      }
    } else if (name === 'done') {
      view.trajectory = data.trajectory.index;
      view.frame = -1;
      renderState(data.state, { redraw: true });
      status.textContent = 'Class ' + data.trajectory.classLabel + ' | '
        + data.state.trajectories.length + ' traj | Final';
      if (data.trajectory.projectionNote) status.textContent += ' · '
        + data.trajectory.projectionNote;
    } else if (name === 'cancelled' || name === 'error') {
      status.textContent = data.message;
      status.classList.toggle('error', name === 'error');
      api.json('GET', '/api/state').then((state) => renderState(state, { redraw: true }))
        .catch(reportError);
    }
  }

  /* -------------------------------------------------------------- frames */

  function currentRecord() {
    const list = view.state ? view.state.trajectories : [];
    return list[view.trajectory] || null;
  }

  function renderTrajectories(state) {
    const select = $('trajectory-select');
    const list = state.trajectories;
    if (view.trajectory >= list.length || view.trajectory < 0) {
      view.trajectory = list.length - 1;
      view.frame = -1;
    }
    select.hidden = list.length < 2;
    select.replaceChildren(...list.map((t) => new Option(t.label, String(t.index))));
    if (list.length) select.value = String(view.trajectory);
    renderFrames();
    showFrame();
  }

  function renderFrames() {
    const gallery = $('frames-gallery');
    const record = currentRecord();
    const frames = record ? record.frames : [];
    while (gallery.children.length > frames.length) gallery.lastChild.remove();
    frames.forEach((frame, i) => {
      let figure = gallery.children[i];
      if (!figure || figure.dataset.image !== frame.image) {
        const fresh = document.createElement('figure');
        fresh.dataset.image = frame.image;
        fresh.dataset.step = String(frame.step);
        const img = document.createElement('img');
        img.alt = frame.caption;
        const caption = document.createElement('figcaption');
        caption.textContent = frame.caption;
        fresh.append(img, caption);
        fresh.addEventListener('click', () => { view.frame = i; showFrame(); });
        if (figure) figure.replaceWith(fresh); else gallery.append(fresh);
        api.blobUrl(frame.image).then((url) => { img.src = url; }).catch(() => {});
        figure = fresh;
      }
      figure.classList.toggle('current', i === view.frame);
    });
  }

  function showFrame() {
    const record = currentRecord();
    const label = $('frame-label');
    const img = $('output-image');
    if (!record) {
      label.textContent = 'No generation yet';
      showImage(img, null);
      view.shownImage = null;
      updateButtons();
      return;
    }
    const n = record.frames.length;
    if (view.frame >= n) view.frame = n - 1;
    let path;
    let name;
    if (view.frame < 0 && record.final) {
      path = record.final;
      label.textContent = record.finalCaption;
      name = 'traj' + (record.index + 1) + '-final.png';
    } else if (n > 0) {
      if (view.frame < 0) view.frame = n - 1;
      const frame = record.frames[view.frame];
      path = frame.image;
      label.textContent = frame.caption;
      name = 'traj' + (record.index + 1) + '-step' + frame.step + '.png';
    } else {
      label.textContent = record.label + ': waiting for the first step';
      showImage(img, null);
      view.shownImage = null;
      updateButtons();
      return;
    }
    for (const [i, figure] of [...$('frames-gallery').children].entries()) {
      figure.classList.toggle('current', i === view.frame);
    }
    label.dataset.frame = String(view.frame);
    api.blobUrl(path).then((url) => {
      showImage(img, url);
      view.shownImage = { url, name };
      updateButtons();
    }).catch(reportError);
  }

  function stepFrame(delta) {
    const record = currentRecord();
    const n = record ? record.frames.length : 0;
    if (n === 0) return;
    if (delta > 0) {
      view.frame = view.frame === -1 ? 0 : (view.frame + 1) % n;
    } else {
      view.frame = view.frame <= 0 ? n - 1 : view.frame - 1;
    }
    showFrame();
  }

  function download(url, name) {
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
  }

  async function exportSession() {
    try {
      const blob = await (await api.fetch('GET', '/api/export')).blob();
      const url = URL.createObjectURL(blob);
      download(url, 'diffviews-session.json');
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (error) {
      reportError(error);
    }
  }

  /* -------------------------------------------------------------- wiring */

  function wire() {
    $('suggest').addEventListener('click', async () => {
      const { k, note } = readK();
      const state = await change('/api/suggest', { k });
      if (state && note) setStatus('K' + note, true);
    });
    $('clear-neighbors').addEventListener('click', () => change('/api/neighbors/clear'));
    $('clear-selection').addEventListener('click', () => change('/api/selection/clear'));
    $('class-select').addEventListener('change', (event) => {
      const value = event.target.value;
      change('/api/highlight', value === '' ? {} : { classId: Number(value) });
    });
    $('clear-highlight').addEventListener('click', () => change('/api/highlight', {}));
    $('model-select').addEventListener('change', async (event) => {
      const name = event.target.value;
      if (name === view.model.name) return;
      try {
        const switched = await api.json('POST', '/api/model', { model: name });
        await loadModel(switched.model, switched.state);
      } catch (error) {
        reportError(error);
      }
    });
    $('generate').addEventListener('click', generate);
    $('clear-trajectories').addEventListener('click', async () => {
      forgetImages('/api/trajectories/');
      view.frame = -1;
      await change('/api/trajectories/clear');
      $('generation-status').textContent = '';
    });
    $('prev-frame').addEventListener('click', () => stepFrame(-1));
    $('next-frame').addEventListener('click', () => stepFrame(1));
    $('download').addEventListener('click', () => {
      if (view.shownImage) download(view.shownImage.url, view.shownImage.name);
    });
    $('trajectory-select').addEventListener('change', (event) => {
      view.trajectory = Number(event.target.value);
      view.frame = -1;
      renderFrames();
      showFrame();
    });
    $('export').addEventListener('click', exportSession);
    for (const id of ['noise-max', 'noise-min']) {
      $(id).addEventListener('input', updateSigmaRange);
    }
  }

  async function start() {
    const params = new URLSearchParams(location.search);
    if (params.has('token')) {
      api.token = params.get('token');
      sessionStorage.setItem(TOKEN_KEY, api.token);
      params.delete('token');
      const query = params.toString();
      history.replaceState(null, '', location.pathname + (query ? '?' + query : ''));
    }
    wire();
    try {
      if (api.session && await sessionTakenElsewhere(api.session)) {
        api.session = null;
      }
      let model;
      let state;
      if (api.session) {
        try {
          model = await api.json('GET', '/api/model');
          state = await api.json('GET', '/api/state');
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          api.session = null;
        }
      }
      if (!api.session) {
        const opened = await openSession(null);
        model = opened.model;
        state = opened.state;
      }
      answerClaims();
      await loadModel(model, state);
      view.readyAt = performance.now();
      document.body.dataset.ready = 'true';
    } catch (error) {
      reportError(error);
    }
  }

  /* What the tests and the measurement script read. */
  window.diffviews = {
    view,
    session: () => api.session,
    stats: () => ({
      lastPreviewMs: view.lastPreviewMs,
      lastHoverToPreviewMs: view.lastHoverToPreviewMs,
      readyAt: view.readyAt,
      plotlyAt: view.plotlyAt,
      previewCount: view.previewCount,
      interactiveMs: view.interactiveMs,
    }),
  };

  start();
})();
