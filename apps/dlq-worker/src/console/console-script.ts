/**
 * The console's browser script (plain ES2020, no framework, no template literals so that it can
 * live in this string). It keeps the API token in sessionStorage and sends it as a bearer token.
 */
export const CONSOLE_SCRIPT = String.raw`
'use strict';
(function () {
  var PAGE = 25;
  var state = { offset: 0, total: 0, selected: null };
  var $ = function (id) { return document.getElementById(id); };

  function token() { return sessionStorage.getItem('dlq-token') || ''; }

  function api(method, path, body) {
    var init = { method: method, headers: { Authorization: 'Bearer ' + token() } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (res) {
      return res.text().then(function (text) {
        var data = text ? JSON.parse(text) : null;
        if (res.status === 401) { signOut('Your token was refused; sign in again.'); }
        if (!res.ok) { throw new Error((data && data.message) || res.statusText); }
        return data;
      });
    });
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function say(text, isError) {
    $('message').textContent = text || '';
    $('message').className = isError ? 'error' : '';
  }

  function signOut(reason) {
    sessionStorage.removeItem('dlq-token');
    $('main-view').hidden = true;
    $('logout').hidden = true;
    $('login-view').hidden = false;
    $('login-error').textContent = reason || '';
  }

  function signIn(value) {
    sessionStorage.setItem('dlq-token', value);
    return api('GET', '/api/dead-letters/counts').then(function () {
      $('login-view').hidden = true;
      $('main-view').hidden = false;
      $('logout').hidden = false;
      return refresh();
    });
  }

  function filterQuery() {
    var q = new URLSearchParams();
    ['domain', 'reason', 'component', 'status'].forEach(function (f) {
      var v = $('filter-' + f).value.trim();
      if (v) q.set(f, v);
    });
    ['from', 'to'].forEach(function (f) {
      var v = $('filter-' + f).value;
      if (v) q.set(f, new Date(v).toISOString());
    });
    return q;
  }

  function refresh() {
    return Promise.all([loadCounts(), loadList(), loadEscalations()]).catch(function (e) {
      say(e.message, true);
    });
  }

  function loadCounts() {
    return api('GET', '/api/dead-letters/counts').then(function (c) {
      var box = $('counts');
      box.textContent = '';
      var groups = [['status', 'Status', c.byStatus], ['domain', 'Domain', c.byDomain],
        ['reason', 'Reason', c.byReason], ['component', 'Component', c.byComponent]];
      groups.forEach(function (g) {
        var group = el('div', null, 'group');
        group.dataset.group = g[0];
        group.appendChild(el('h4', g[1]));
        Object.keys(g[2]).forEach(function (k) {
          var b = el('button', k + ' ' + g[2][k]);
          b.type = 'button';
          b.dataset.value = k;
          b.addEventListener('click', function () {
            $('filter-' + g[0]).value = k;
            state.offset = 0;
            showList();
          });
          group.appendChild(b);
        });
        box.appendChild(group);
      });
      fillList('domains', c.byDomain);
      fillList('reasons', c.byReason);
      fillList('components', c.byComponent);
    });
  }

  function fillList(id, values) {
    var list = $(id);
    list.textContent = '';
    Object.keys(values).forEach(function (v) { var o = el('option'); o.value = v; list.appendChild(o); });
  }

  function loadList() {
    var q = filterQuery();
    q.set('limit', String(PAGE));
    q.set('offset', String(state.offset));
    return api('GET', '/api/dead-letters?' + q.toString()).then(function (page) {
      state.total = page.total;
      var body = $('entries').querySelector('tbody');
      body.textContent = '';
      page.items.forEach(function (e) {
        var tr = el('tr', null, 'entry');
        tr.dataset.id = e.id;
        if (e.id === state.selected) tr.classList.add('selected');
        [new Date(e.at).toLocaleString(), e.domain, e.reason, e.component].forEach(function (t) {
          tr.appendChild(el('td', t));
        });
        var status = el('td');
        status.appendChild(el('span', e.status, 'badge ' + e.status));
        tr.appendChild(status);
        tr.appendChild(el('td', e.messageType.split('/').pop()));
        tr.appendChild(el('td', e.errorMessage));
        tr.addEventListener('click', function () { openEntry(e.id); });
        body.appendChild(tr);
      });
      var last = Math.min(state.offset + PAGE, page.total);
      $('page-info').textContent = page.total === 0 ? 'no entries' : (state.offset + 1) + '–' + last + ' of ' + page.total;
      $('prev').disabled = state.offset === 0;
      $('next').disabled = last >= page.total;
    });
  }

  // The list again after a click: a refused filter or a lost connection is said, not thrown.
  function showList() {
    return loadList().catch(function (e) { say(e.message, true); });
  }

  function openEntry(id) {
    state.selected = id;
    return api('GET', '/api/dead-letters/' + encodeURIComponent(id)).then(function (d) {
      var e = d.entry;
      $('detail').hidden = false;
      $('detail-id').textContent = e.id;
      var badge = $('detail-status');
      badge.textContent = e.status;
      badge.className = 'badge ' + e.status;
      $('detail-summary').textContent = e.domain + ' · ' + e.reason + ' · ' + e.component +
        ' · ' + e.attempts + ' attempt(s) · correlation ' + (e.correlationId || 'none') +
        (e.replay && e.replay.at ? ' · replayed to ' + e.replay.topic + ' as ' + e.replay.messageId : '') +
        (e.discard ? ' · discarded: ' + e.discard.note : '');
      $('replay').disabled = e.status !== 'open';
      $('discard').disabled = e.status !== 'open';
      $('payload').textContent = JSON.stringify(d.payload, null, 2);
      $('dead-letter').textContent = JSON.stringify(d.deadLetter, null, 2);
      $('mermaid').textContent = d.timeline.mermaid;
      // Server-rendered SVG: every text in it is escaped on the server.
      $('diagram').innerHTML = d.timeline.entries.length ? d.timeline.svg : '<p>No audit entries for this correlation.</p>';
      var list = $('timeline');
      list.textContent = '';
      d.timeline.entries.forEach(function (t) {
        list.appendChild(el('li', t.at + '  ' + t.kind + '  ' + t.domain + '/' + t.root.slice(0, 8) +
          (t.commandType ? '  ' + t.commandType : '') + (t.reason ? '  ' + t.reason : '')));
      });
      var headers = $('headers').querySelector('tbody');
      headers.textContent = '';
      Object.keys(d.headers).sort().forEach(function (k) {
        var tr = el('tr');
        tr.appendChild(el('th', k));
        tr.appendChild(el('td', d.headers[k]));
        headers.appendChild(tr);
      });
      Array.prototype.forEach.call(document.querySelectorAll('tr.entry'), function (tr) {
        tr.classList.toggle('selected', tr.dataset.id === id);
      });
    }).catch(function (err) { say(err.message, true); });
  }

  function confirmAction(text, withNote) {
    var dialog = $('confirm');
    $('confirm-text').textContent = text;
    $('confirm-note').value = '';
    $('confirm-note-label').hidden = !withNote;
    return new Promise(function (resolve) {
      dialog.addEventListener('close', function onClose() {
        dialog.removeEventListener('close', onClose);
        var note = $('confirm-note').value.trim();
        if (dialog.returnValue !== 'ok') return resolve(null);
        if (withNote && !note) { say('A note is required to discard.', true); return resolve(null); }
        resolve({ note: note });
      });
      dialog.showModal();
    });
  }

  function afterAction(text) {
    say(text);
    return Promise.all([loadCounts(), loadList(), state.selected ? openEntry(state.selected) : null]);
  }

  function replaySelected() {
    var id = state.selected;
    confirmAction('Republish dead letter ' + id + ' to its original topic?', false).then(function (ok) {
      if (!ok) return;
      return api('POST', '/api/dead-letters/' + encodeURIComponent(id) + '/replay').then(function (r) {
        return afterAction(r.outcome === 'replayed' ? 'Replayed to ' + r.topic + '.' : 'It was replayed already.');
      });
    }).catch(function (e) { say(e.message, true); });
  }

  function discardSelected() {
    var id = state.selected;
    confirmAction('Discard dead letter ' + id + '? It will not be replayed.', true).then(function (ok) {
      if (!ok) return;
      return api('POST', '/api/dead-letters/' + encodeURIComponent(id) + '/discard', { note: ok.note })
        .then(function () { return afterAction('Discarded.'); });
    }).catch(function (e) { say(e.message, true); });
  }

  function replayMatching() {
    var q = filterQuery();
    var filter = {};
    q.forEach(function (v, k) { filter[k] = v; });
    if (Object.keys(filter).length === 0) { say('Set a filter first: replaying everything is not offered here.', true); return; }
    confirmAction('Replay every entry matching ' + JSON.stringify(filter) + ' (' + state.total + ' listed)?', false).then(function (ok) {
      if (!ok) return;
      return api('POST', '/api/dead-letters/replay', { filter: filter }).then(function (r) {
        return afterAction('Replayed ' + r.replayed.length + ', already replayed ' + r.alreadyReplayed.length +
          ', skipped ' + r.skipped.length + ', failed ' + r.failed.length + '.');
      });
    }).catch(function (e) { say(e.message, true); });
  }

  function loadEscalations() {
    return api('GET', '/api/escalations?limit=20').then(function (items) {
      var list = $('escalations');
      list.textContent = '';
      if (items.length === 0) list.appendChild(el('li', 'none'));
      items.forEach(function (x) {
        list.appendChild(el('li', x.receivedAt + '  ' + x.event + '  ' + JSON.stringify(x.body)));
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('login-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      signIn($('token').value).catch(function (e) { signOut(e.message); });
    });
    $('logout').addEventListener('click', function () { signOut(''); });
    $('filters').addEventListener('submit', function (ev) { ev.preventDefault(); state.offset = 0; showList(); });
    $('clear').addEventListener('click', function () { $('filters').reset(); state.offset = 0; showList(); });
    $('replay-all').addEventListener('click', replayMatching);
    $('prev').addEventListener('click', function () { state.offset = Math.max(0, state.offset - PAGE); showList(); });
    $('next').addEventListener('click', function () { state.offset += PAGE; showList(); });
    $('replay').addEventListener('click', replaySelected);
    $('discard').addEventListener('click', discardSelected);
    if (token()) signIn(token()).catch(function () { signOut(''); });
    else signOut('');
  });
})();
`;
