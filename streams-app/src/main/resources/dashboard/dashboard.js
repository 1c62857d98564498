// agentwatch dashboard: plain JavaScript over the streams app's /api/agents, /api/agents/{id} and /api/alerts,
// refreshed every 5 s without reloading the page. Every value cell carries its raw value in data-value (as the API
// gave it; "" for null) beside the formatted text, so tests and scripts can read exact figures.
(function () {
  'use strict';

  var REFRESH_MS = 5000;
  var STATUS_RANK = { firing: 0, pending: 1, silent: 2, ok: 3 };
  var NONE = '(none)';

  var state = {
    agents: [],          // every agent of the last /api/agents answer
    answer: null,        // that answer, less its agents
    alerts: [],
    alertsAnswer: null,
    detail: null,        // the last /api/agents/{selected} answer
    selected: null,
    sort: { field: 'token_burn_rate', desc: true },
    filters: { fleet: '', model: '', label: '', agent: '' },
    refreshes: 0,
    timer: null,
    charts: {}
  };

  // ---- formatting

  function isNum(v) {
    return typeof v === 'number' && isFinite(v);
  }

  function fmtRate(v) {
    return isNum(v) ? v.toFixed(v >= 100 ? 0 : 2) : '—';
  }

  function fmtTokens(v) {
    if (!isNum(v)) { return '—'; }
    if (Math.abs(v) >= 10000) { return (v / 1000).toFixed(1) + 'k'; }
    return v.toFixed(v >= 100 ? 0 : 1);
  }

  function fmtMs(v) {
    if (!isNum(v)) { return '—'; }
    if (Math.abs(v) >= 1000) { return (v / 1000).toFixed(v >= 100000 ? 0 : 1) + ' s'; }
    return v.toFixed(0) + ' ms';
  }

  function fmtPct(v) {
    return isNum(v) ? (v * 100).toFixed(2) + '%' : '—';
  }

  function fmtUsd(v) {
    if (!isNum(v)) { return '—'; }
    return '$' + v.toFixed(Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 1 ? 2 : 4);
  }

  function fmtCount(v) {
    if (!isNum(v)) { return '—'; }
    return Number.isInteger(v) ? String(v) : v.toFixed(1);
  }

  function fmtAgo(ms, nowMs) {
    if (!isNum(ms)) { return '—'; }
    var s = Math.max(0, Math.round((nowMs - ms) / 1000));
    if (s < 120) { return s + ' s ago'; }
    if (s < 7200) { return Math.round(s / 60) + ' min ago'; }
    return Math.round(s / 3600) + ' h ago';
  }

  function fmtTime(iso) {
    if (!iso) { return '—'; }
    var d = new Date(iso);
    return isNaN(d.getTime()) ? iso : d.toLocaleTimeString();
  }

  function fmtPlain(v) {
    return isNum(v) ? String(+v.toPrecision(6)) : '—';
  }

  /** A formatter for the metric a condition is about (its first word, or max(x)'s x): error rates as %, latencies in ms
   *  or s; z-scores and anything else plain. */
  function formatterFor(condition) {
    var metric = String(condition || '').split(/[^A-Za-z0-9_.]/)[0];
    var m = /\(([A-Za-z0-9_.]+)/.exec(String(condition || ''));
    if (m && /^(max|min|avg|sum)$/.test(metric)) { metric = m[1]; }
    if (/error_rate|success_rate/.test(metric)) { return fmtPct; }
    if (/latency/.test(metric)) { return fmtMs; }
    if (/cost/.test(metric)) { return fmtUsd; }
    if (/token/.test(metric)) { return fmtTokens; }
    return fmtPlain;
  }

  function raw(v) {
    return v === null || v === undefined ? '' : String(v);
  }

  // ---- DOM helpers (text only: names and labels from agents never become markup)

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] !== undefined && attrs[k] !== null) { e.setAttribute(k, attrs[k]); }
      });
    }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function cell(field, value, text, cls) {
    var td = el('td', { 'data-field': field, 'data-value': raw(value), 'class': cls });
    td.textContent = text;
    if (value === null || value === undefined) { td.classList.add('empty'); }
    return td;
  }

  function byName(a, b) {
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  }

  // ---- fetching

  function getJson(path) {
    return fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) {
          var e = new Error(path + ': HTTP ' + r.status + (body && body.error ? ' (' + body.error + ')' : ''));
          e.status = r.status;
          e.body = body;
          throw e;
        }
        return body;
      });
    });
  }

  function refresh() {
    clearTimeout(state.timer);
    var wanted = state.selected;
    var detail = wanted
      ? getJson('/api/agents/' + encodeURIComponent(wanted)).catch(function (e) { return { error: e.message, status: e.status }; })
      : Promise.resolve(null);
    return Promise.all([getJson('/api/agents'), getJson('/api/alerts'), detail]).then(function (got) {
      var agents = got[0];
      state.agents = agents.agents || [];
      state.answer = agents;
      state.alerts = got[1].alerts || [];
      state.alertsAnswer = got[1];
      state.detail = wanted === state.selected ? got[2] : null;
      document.getElementById('failure').hidden = true;
      render();
    }).catch(function (e) {
      var f = document.getElementById('failure');
      f.textContent = 'Cannot refresh from the streams app: ' + e.message + ' (showing the last answer)';
      f.hidden = false;
    }).then(function () {
      state.refreshes += 1;
      document.body.setAttribute('data-refreshes', String(state.refreshes));
      schedule();
    });
  }

  function schedule() {
    clearTimeout(state.timer);
    if (document.getElementById('live').checked) {
      state.timer = setTimeout(refresh, REFRESH_MS);
    }
  }

  // ---- filters

  function labelPairs(a) {
    var out = [];
    var labels = a.labels || {};
    Object.keys(labels).forEach(function (k) { out.push(k + '=' + labels[k]); });
    return out;
  }

  function shown() {
    var f = state.filters;
    return state.agents.filter(function (a) {
      if (f.fleet && a.fleet !== f.fleet) { return false; }
      if (f.model && a.model !== f.model) { return false; }
      if (f.agent && a.name !== f.agent) { return false; }
      if (f.label) {
        var eq = f.label.indexOf('=');
        var k = f.label.substring(0, eq);
        var v = f.label.substring(eq + 1);
        if (!a.labels || a.labels[k] !== v) { return false; }
      }
      return true;
    });
  }

  function fillSelect(id, values) {
    var select = document.getElementById(id);
    var key = select.getAttribute('data-filter');
    var current = state.filters[key];
    var sorted = Array.from(new Set(values.filter(function (v) { return v !== null && v !== undefined && v !== ''; }))).sort();
    if (current && sorted.indexOf(current) < 0) { sorted.push(current); }
    var existing = Array.from(select.options).slice(1).map(function (o) { return o.value; });
    if (existing.join('\u0000') !== sorted.join('\u0000')) {
      while (select.options.length > 1) { select.remove(1); }
      sorted.forEach(function (v) { select.appendChild(el('option', { value: v }, v)); });
    }
    select.value = current;
  }

  function fillFilters() {
    var all = state.agents;
    fillSelect('filter-fleet', all.map(function (a) { return a.fleet; }));
    fillSelect('filter-model', all.map(function (a) { return a.model; }));
    fillSelect('filter-label', [].concat.apply([], all.map(labelPairs)));
    fillSelect('filter-agent', all.map(function (a) { return a.name; }));
  }

  // ---- rendering

  function render() {
    var list = shown();
    fillFilters();
    renderSummary(list);
    renderPartial();
    renderFleet(list);
    renderAlerts(list);
    renderModels(list);
    renderErrors(list);
    renderAgent();
  }

  function renderSummary(list) {
    var a = state.answer || {};
    var firing = state.alerts.filter(function (x) { return x.state === 'firing'; }).length;
    document.getElementById('summary').textContent = list.length + ' of ' + state.agents.length + ' agents shown · '
      + firing + ' firing · as of ' + fmtTime(a.as_of);
    document.body.setAttribute('data-as-of', raw(a.as_of));
    var w = state.agents.length ? state.agents[0].window_ms : null;
    if (isNum(w)) {
      document.getElementById('window-len').textContent = w % 60000 === 0 ? (w / 60000) + ' min' : (w / 1000) + ' s';
    }
  }

  function renderPartial() {
    var a = state.answer || {};
    var b = state.alertsAnswer || {};
    var partial = a.partial === true || b.partial === true;
    var banner = document.getElementById('partial');
    document.body.setAttribute('data-partial', String(partial));
    banner.hidden = !partial;
    if (partial) {
      var missing = (a.missing_partitions || b.missing_partitions || []).join(', ');
      var silent = (a.unanswered_instances || b.unanswered_instances || []).join(', ');
      banner.textContent = 'Partial view: some agents are missing from this answer'
        + (missing ? ' (partitions ' + missing + ' not covered' : ' (')
        + (silent ? '; instances not answering: ' + silent : '') + '). It fills in once the partitions settle.';
    }
  }

  function sortValue(a, field) {
    if (field === 'status') { return STATUS_RANK[a.status]; }
    return a[field];
  }

  function sorted(list) {
    var f = state.sort.field;
    var dir = state.sort.desc ? -1 : 1;
    return list.slice().sort(function (x, y) {
      var a = sortValue(x, f);
      var b = sortValue(y, f);
      var an = a === null || a === undefined;
      var bn = b === null || b === undefined;
      if (an !== bn) { return an ? 1 : -1; } // undefined values last, whichever the direction
      if (!an && a !== b) { return (a < b ? -1 : 1) * dir; }
      return byName(x, y);
    });
  }

  function renderFleet(list) {
    var table = document.getElementById('fleet');
    table.querySelectorAll('th[data-sort]').forEach(function (th) {
      var f = th.getAttribute('data-sort');
      if (f === state.sort.field) {
        th.setAttribute('aria-sort', state.sort.desc ? 'descending' : 'ascending');
      } else {
        th.removeAttribute('aria-sort');
      }
    });
    var body = table.tBodies[0];
    var rows = document.createDocumentFragment();
    var now = Date.now();
    sorted(list).forEach(function (a) {
      var tr = el('tr', { 'data-agent': a.name, 'data-status': a.status, 'data-as-of-ms': raw(a.as_of_ms) });
      if (a.name === state.selected) { tr.classList.add('selected'); }
      tr.appendChild(cell('name', a.name, a.name));
      var st = cell('status', a.status, '');
      st.appendChild(el('span', { 'class': 'status status-' + a.status }, a.status));
      tr.appendChild(st);
      tr.appendChild(cell('fleet', a.fleet, a.fleet || '—'));
      tr.appendChild(cell('model', a.model, a.model || '—'));
      tr.appendChild(cell('request_rate', a.request_rate, fmtRate(a.request_rate), 'num'));
      tr.appendChild(cell('token_burn_rate', a.token_burn_rate, fmtTokens(a.token_burn_rate), 'num'));
      var tpr = cell('tokens_per_request', a.tokens_per_request, fmtTokens(a.tokens_per_request), 'num');
      tpr.setAttribute('data-baseline', raw(a.tokens_per_request_baseline));
      tpr.appendChild(el('span', { 'class': 'sub' }, 'baseline ' + fmtTokens(a.tokens_per_request_baseline)));
      if (isNum(a.tokens_per_request) && isNum(a.tokens_per_request_baseline) && a.tokens_per_request > 1.5 * a.tokens_per_request_baseline) {
        tpr.classList.add('over');
      }
      tr.appendChild(tpr);
      tr.appendChild(cell('avg_latency', a.avg_latency, fmtMs(a.avg_latency), 'num'));
      tr.appendChild(cell('latency_p50', a.latency_p50, fmtMs(a.latency_p50), 'num'));
      tr.appendChild(cell('latency_p95', a.latency_p95, fmtMs(a.latency_p95), 'num'));
      tr.appendChild(cell('latency_p99', a.latency_p99, fmtMs(a.latency_p99), 'num'));
      tr.appendChild(cell('error_rate', a.error_rate, fmtPct(a.error_rate), 'num'));
      tr.appendChild(cell('cost_per_hour', a.cost_per_hour, fmtUsd(a.cost_per_hour), 'num'));
      tr.appendChild(cell('active_alerts', a.active_alerts, String(a.active_alerts), 'num'));
      tr.appendChild(cell('last_seen_ms', a.last_seen_ms, fmtAgo(a.last_seen_ms, now), 'num'));
      rows.appendChild(tr);
    });
    body.replaceChildren(rows);
    if (!list.length) {
      var empty = el('tr');
      empty.appendChild(el('td', { colspan: '15', 'class': 'none' }, state.agents.length ? 'No agent matches the filters.' : 'No agent has reported yet.'));
      body.appendChild(empty);
    }
    document.getElementById('fleet-count').textContent = list.length + (list.length === 1 ? ' agent' : ' agents')
      + (state.answer && isNum(state.answer.total) && state.answer.total !== list.length ? ' of ' + state.answer.total : '');
  }

  function renderAlerts(list) {
    var names = new Set(list.map(function (a) { return a.name; }));
    var mine = state.alerts.filter(function (x) { return names.has(x.agent_id); });
    var box = document.getElementById('alerts');
    var frag = document.createDocumentFragment();
    mine.forEach(function (x) {
      var card = el('div', { 'class': 'alert', 'data-fingerprint': x.fingerprint, 'data-agent': x.agent_id,
        'data-alert': x.alert, 'data-state': x.state, 'data-severity': x.severity });
      var title = el('div', { 'class': 'title' });
      title.appendChild(el('span', { 'class': 'status status-' + x.state }, x.state));
      title.appendChild(document.createTextNode(' ' + x.alert + ' (' + x.severity + ') on '));
      var link = el('span', { 'class': 'agent-link', 'data-agent': x.agent_id }, x.agent_id);
      link.addEventListener('click', function () { select(x.agent_id); });
      title.appendChild(link);
      card.appendChild(title);
      if (x.annotations && x.annotations.summary) {
        card.appendChild(el('div', { 'class': 'summary-text' }, x.annotations.summary));
      }
      var meta = el('div', { 'class': 'meta' });
      meta.appendChild(document.createTextNode(x.condition + ' · value '));
      var fmt = formatterFor(x.condition);
      meta.appendChild(el('span', { 'data-field': 'value', 'data-value': raw(x.value) }, fmt(x.value)));
      meta.appendChild(document.createTextNode(' · threshold '));
      meta.appendChild(el('span', { 'data-field': 'threshold', 'data-value': raw(x.threshold) }, fmt(x.threshold)));
      if (isNum(x.baseline)) {
        meta.appendChild(document.createTextNode(' · baseline '));
        meta.appendChild(el('span', { 'data-field': 'baseline', 'data-value': raw(x.baseline) }, fmt(x.baseline)));
      }
      meta.appendChild(document.createTextNode(' · ' + x.sample_count + ' samples in ' + (x.window_ms / 1000) + ' s · since '
        + fmtTime(x.starts_at || x.active_since)));
      card.appendChild(meta);
      var ev = el('div', { 'class': 'evidence' });
      var ids = (x.evidence && x.evidence.event_ids) || [];
      var traces = (x.evidence && x.evidence.trace_ids) || [];
      ev.appendChild(el('span', null, 'evidence: ' + ids.length + ' events '));
      ids.forEach(function (id) { ev.appendChild(el('code', { 'data-event-id': id }, id)); });
      if (traces.length) {
        ev.appendChild(el('span', null, ' traces '));
        traces.forEach(function (id) { ev.appendChild(el('code', { 'data-trace-id': id }, id)); });
      }
      card.appendChild(ev);
      frag.appendChild(card);
    });
    box.replaceChildren(frag);
    if (!mine.length) {
      box.appendChild(el('p', { 'class': 'none' }, 'No active alert' + (state.alerts.length ? ' among the agents shown.' : '.')));
    }
    var hidden = state.alerts.length - mine.length;
    document.getElementById('alerts-count').textContent = mine.length + (hidden ? ' (' + hidden + ' outside the filters)' : '');
  }

  /** Per model, over the agents shown, in name order (so sums are those of any client adding in that order). */
  function modelSummary(list) {
    var groups = new Map();
    list.slice().sort(byName).forEach(function (a) {
      var m = a.model === null || a.model === undefined ? NONE : a.model;
      if (!groups.has(m)) {
        groups.set(m, { model: m, agents: 0, request_rate: 0, token_burn_rate: 0, p95sum: 0, p95n: 0, errors: 0, requests: 0, cost_per_hour: 0 });
      }
      var g = groups.get(m);
      g.agents += 1;
      if (isNum(a.request_rate)) { g.request_rate += a.request_rate; }
      if (isNum(a.token_burn_rate)) { g.token_burn_rate += a.token_burn_rate; }
      if (isNum(a.latency_p95)) { g.p95sum += a.latency_p95; g.p95n += 1; }
      if (isNum(a.error_rate) && isNum(a.request_rate)) { g.errors += a.error_rate * a.request_rate; g.requests += a.request_rate; }
      if (isNum(a.cost_per_hour)) { g.cost_per_hour += a.cost_per_hour; }
    });
    return Array.from(groups.values()).sort(function (x, y) { return x.model < y.model ? -1 : x.model > y.model ? 1 : 0; })
      .map(function (g) {
        return { model: g.model, agents: g.agents, request_rate: g.request_rate, token_burn_rate: g.token_burn_rate,
          latency_p95_mean: g.p95n ? g.p95sum / g.p95n : null, error_rate: g.requests > 0 ? g.errors / g.requests : null,
          cost_per_hour: g.cost_per_hour };
      });
  }

  function renderModels(list) {
    var frag = document.createDocumentFragment();
    modelSummary(list).forEach(function (g) {
      var tr = el('tr', { 'data-model': g.model });
      tr.appendChild(cell('model', g.model, g.model));
      tr.appendChild(cell('agents', g.agents, String(g.agents), 'num'));
      tr.appendChild(cell('request_rate', g.request_rate, fmtRate(g.request_rate), 'num'));
      tr.appendChild(cell('token_burn_rate', g.token_burn_rate, fmtTokens(g.token_burn_rate), 'num'));
      tr.appendChild(cell('latency_p95_mean', g.latency_p95_mean, fmtMs(g.latency_p95_mean), 'num'));
      tr.appendChild(cell('error_rate', g.error_rate, fmtPct(g.error_rate), 'num'));
      tr.appendChild(cell('cost_per_hour', g.cost_per_hour, fmtUsd(g.cost_per_hour), 'num'));
      frag.appendChild(tr);
    });
    document.getElementById('models').tBodies[0].replaceChildren(frag);
  }

  /** Failures of the last hour by (error_type, operation, model), summed over the agents shown in name order. */
  function errorPatterns(list) {
    var groups = new Map();
    list.slice().sort(byName).forEach(function (a) {
      (a.failures || []).forEach(function (f) {
        var key = JSON.stringify([f.error_type, f.operation, f.model]);
        if (!groups.has(key)) {
          groups.set(key, { error_type: f.error_type, operation: f.operation, model: f.model, count: 0, agents: [] });
        }
        var g = groups.get(key);
        g.count += f.count;
        if (g.agents.indexOf(a.name) < 0) { g.agents.push(a.name); }
      });
    });
    return Array.from(groups.values()).sort(function (x, y) {
      if (x.count !== y.count) { return y.count - x.count; }
      var kx = JSON.stringify([x.error_type, x.operation, x.model]);
      var ky = JSON.stringify([y.error_type, y.operation, y.model]);
      return kx < ky ? -1 : kx > ky ? 1 : 0;
    });
  }

  function renderErrors(list) {
    var patterns = errorPatterns(list);
    var frag = document.createDocumentFragment();
    patterns.forEach(function (g) {
      var tr = el('tr', { 'data-error-type': raw(g.error_type), 'data-operation': raw(g.operation), 'data-model': raw(g.model) });
      tr.appendChild(cell('error_type', g.error_type, g.error_type || NONE));
      tr.appendChild(cell('operation', g.operation, g.operation || NONE));
      tr.appendChild(cell('model', g.model, g.model || NONE));
      tr.appendChild(cell('count', g.count, fmtCount(g.count), 'num'));
      var agents = cell('agents', g.agents.length, String(g.agents.length), 'num');
      agents.setAttribute('title', g.agents.join(', '));
      tr.appendChild(agents);
      frag.appendChild(tr);
    });
    var body = document.getElementById('errors').tBodies[0];
    body.replaceChildren(frag);
    if (!patterns.length) {
      var empty = el('tr');
      empty.appendChild(el('td', { colspan: '5', 'class': 'none' }, 'No failed call in the last hour among the agents shown.'));
      body.appendChild(empty);
    }
  }

  // ---- one agent: its last hour

  function select(name) {
    state.selected = name;
    state.detail = null;
    destroyCharts();
    writeHash();
    document.getElementById('agent').hidden = !name;
    if (name) {
      document.getElementById('agent-name').textContent = name;
      document.getElementById('agent-facts').replaceChildren(el('div', null, 'loading…'));
      document.getElementById('agent').scrollIntoView({ behavior: 'smooth', block: 'start' });
      refresh();
    } else {
      render();
    }
  }

  function destroyCharts() {
    Object.keys(state.charts).forEach(function (k) { state.charts[k].destroy(); });
    state.charts = {};
  }

  function fact(label, text, field, value) {
    var d = el('div', field ? { 'data-field': field, 'data-value': raw(value) } : null);
    d.appendChild(el('span', null, label));
    d.appendChild(document.createTextNode(text));
    return d;
  }

  function renderAgent() {
    var panel = document.getElementById('agent');
    if (!state.selected) { panel.hidden = true; return; }
    panel.hidden = false;
    document.getElementById('agent-name').textContent = state.selected;
    var d = state.detail;
    var facts = document.getElementById('agent-facts');
    if (!d) { return; }
    if (d.error) {
      facts.replaceChildren(el('div', { 'class': 'none' }, d.error));
      panel.setAttribute('data-history', '0');
      return;
    }
    var labels = labelPairs(d).join(', ');
    facts.replaceChildren(
      fact('status', d.status, 'status', d.status),
      fact('fleet', d.fleet || '—', 'fleet', d.fleet),
      fact('model', d.model || '—', 'model', d.model),
      fact('version', d.version || '—', 'version', d.version),
      fact('labels', labels || '—'),
      fact('tokens/req', fmtTokens(d.tokens_per_request) + ' (baseline ' + fmtTokens(d.tokens_per_request_baseline) + ')',
        'tokens_per_request', d.tokens_per_request),
      fact('p95', fmtMs(d.latency_p95), 'latency_p95', d.latency_p95),
      fact('error rate', fmtPct(d.error_rate), 'error_rate', d.error_rate),
      fact('cost/h', fmtUsd(d.cost_per_hour), 'cost_per_hour', d.cost_per_hour),
      fact('alerts', String(d.active_alerts), 'active_alerts', d.active_alerts));
    var history = d.history || [];
    panel.setAttribute('data-history', String(history.length));
    panel.setAttribute('data-as-of-ms', raw(d.as_of_ms));
    document.getElementById('agent-history-note').textContent = history.length + ' points of the last hour:'
      + ' one per slice its task still holds, one per 5-minute baseline bucket before them; the baseline is today\'s.';
    // The baseline moves over days, not minutes: drawn as today's value across the hour.
    history = history.map(function (p) {
      var q = Object.assign({}, p);
      q.tokens_per_request_baseline = d.tokens_per_request_baseline;
      return q;
    });
    drawCharts(history, d.as_of_ms);
  }

  function column(history, field) {
    return history.map(function (p) { return isNum(p[field]) ? p[field] : null; });
  }

  function upTo(max, least) {
    return [0, isNum(max) && max > 0 ? max * 1.15 : least];
  }

  var CHARTS = [
    { key: 'tokens', id: 'chart-tokens', series: [
      { label: 'tokens/req', field: 'tokens_per_request', stroke: '#2f6fd1' },
      { label: 'baseline', field: 'tokens_per_request_baseline', stroke: '#8a94a6', dash: [6, 4] }],
      fmt: fmtTokens, axis: fmtTokens, least: 100 },
    { key: 'latency', id: 'chart-latency', series: [{ label: 'p95', field: 'latency_p95', stroke: '#7b3fc4' }],
      fmt: fmtMs, axis: fmtMs, least: 1000 },
    { key: 'errors', id: 'chart-errors', series: [{ label: 'error rate', field: 'error_rate', stroke: '#d12f2f' }],
      fmt: fmtPct, axis: function (v) { return isNum(v) ? +(v * 100).toFixed(1) + '%' : ''; }, least: 0.05 },
    { key: 'cost', id: 'chart-cost', series: [{ label: 'cost/h', field: 'cost_per_hour', stroke: '#1f9d55' }],
      fmt: fmtUsd, axis: function (v) { return isNum(v) ? '$' + v.toFixed(v >= 10 ? 0 : 2) : ''; }, least: 1 }
  ];

  /** The hour the charts show, in seconds: the last hour before the agent's as_of. */
  var chartHour = [0, 3600];

  function drawCharts(history, asOfMs) {
    var xs = history.map(function (p) { return p.at_ms / 1000; });
    var end = isNum(asOfMs) ? asOfMs / 1000 : (xs.length ? xs[xs.length - 1] : Date.now() / 1000);
    chartHour = [end - 3600, end];
    CHARTS.forEach(function (c) {
      var data = [xs].concat(c.series.map(function (s) { return column(history, s.field); }));
      var box = document.getElementById(c.id);
      box.setAttribute('data-points', String(xs.length));
      if (state.charts[c.key]) {
        state.charts[c.key].setData(data);
        return;
      }
      if (typeof uPlot !== 'function') {
        box.textContent = 'chart library not loaded';
        return;
      }
      var opts = {
        width: Math.max(280, box.clientWidth || 480),
        height: 200,
        scales: {
          x: { time: true, range: function () { return chartHour; } },
          y: { range: function (u, min, max) { return upTo(max, c.least); } }
        },
        series: [{}].concat(c.series.map(function (s) {
          return { label: s.label, stroke: s.stroke, width: 2, dash: s.dash, spanGaps: false,
            points: { show: true, size: 5 }, value: function (u, v) { return v === null || v === undefined ? '—' : c.fmt(v); } };
        })),
        axes: [{}, { size: 64, values: function (u, vals) { return vals.map(c.axis); } }]
      };
      state.charts[c.key] = new uPlot(opts, data, box);
    });
  }

  // ---- state in the URL (#model=gpt-4o&agent=x), so a view can be shared or reloaded

  function writeHash() {
    var p = new URLSearchParams();
    Object.keys(state.filters).forEach(function (k) { if (state.filters[k]) { p.set(k, state.filters[k]); } });
    if (state.selected) { p.set('open', state.selected); }
    p.set('sort', (state.sort.desc ? '-' : '') + state.sort.field);
    var h = p.toString();
    if (('#' + h) !== location.hash) { history.replaceState(null, '', '#' + h); }
  }

  function readHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ''));
    Object.keys(state.filters).forEach(function (k) { state.filters[k] = p.get(k) || ''; });
    state.selected = p.get('open') || null;
    var s = p.get('sort');
    if (s) { state.sort = { field: s.replace(/^-/, ''), desc: s.charAt(0) === '-' }; }
  }

  // ---- wiring

  function init() {
    readHash();
    document.querySelectorAll('#fleet th[data-sort]').forEach(function (th) {
      th.addEventListener('click', function () {
        var f = th.getAttribute('data-sort');
        if (state.sort.field === f) {
          state.sort.desc = !state.sort.desc;
        } else {
          state.sort = { field: f, desc: f !== 'name' };
        }
        writeHash();
        render();
      });
    });
    document.querySelectorAll('select[data-filter]').forEach(function (s) {
      s.addEventListener('change', function () {
        state.filters[s.getAttribute('data-filter')] = s.value;
        writeHash();
        render();
      });
    });
    document.getElementById('filter-clear').addEventListener('click', function () {
      Object.keys(state.filters).forEach(function (k) { state.filters[k] = ''; });
      writeHash();
      render();
    });
    document.querySelector('#fleet tbody').addEventListener('click', function (e) {
      var tr = e.target.closest('tr[data-agent]');
      if (tr) { select(tr.getAttribute('data-agent')); }
    });
    document.getElementById('agent-close').addEventListener('click', function () { select(null); });
    document.getElementById('live').addEventListener('change', function () {
      if (document.getElementById('live').checked) { refresh(); } else { clearTimeout(state.timer); }
    });
    window.addEventListener('resize', function () {
      Object.keys(state.charts).forEach(function (k) {
        var box = state.charts[k].root.parentNode;
        state.charts[k].setSize({ width: Math.max(280, box.clientWidth), height: 200 });
      });
    });
    refresh();
  }

  // For scripts and tests: the state the page shows, and its charts.
  window.agentwatchDashboard = { state: state, refresh: refresh, select: select, modelSummary: modelSummary, errorPatterns: errorPatterns };

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
