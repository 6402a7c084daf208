// The assistants' page (docs/web.md): choose rules, drop the SIS export and the profiles, see the
// cohort's statuses, open one student's printable sheet and what is still needed, print it; a
// small rule playground. One user interface over two back ends with the same interface:
// LibauditWasmBackend (the engine in the page, offline) and LibauditHttpBackend (libaudit serve).

var libauditPage = {
  backend: null,
  lang: 'zh-TW',
  choices: [],
  pack: null,          // the chosen rule choice's value
  dropped: null,       // a dropped rule file {text, name}
  edits: {},           // playground edits of the pack's files: name -> text
  records: null,       // {bytes, name}
  profiles: null,
  cohort: null,
  results: [],         // per subject: {id, files, ok, json, error}
  openId: undefined,
  run: 0,
  playTimer: 0
};

function $(id) { return document.getElementById(id); }
function w(key, params) { return libauditWords(libauditPage.lang, key, params); }

function libauditText(node, text) {
  node.textContent = text;
  return node;
}

function libauditEl(tag, className, text) {
  var e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

// Static words: every element with data-w="key" shows that word.
function libauditWordsShow() {
  var page = libauditPage;
  document.documentElement.lang = page.lang;
  document.querySelectorAll('[data-w]').forEach(function (e) { e.textContent = w(e.getAttribute('data-w')); });
  var http = page.backend && page.backend.kind === 'http';
  libauditText($('title'), w(http ? 'title_http' : 'title'));
  document.title = $('title').textContent;
  libauditText($('lead'), http ? w('lead_http', { host: location.host }) : w('lead'));
  libauditText($('play-note'), http ? w('play_http') : w('play_hint'));
  $('rules-drop').style.display = page.backend && page.backend.canEditRules ? '' : 'none';
  libauditChoicesShow();
}

function libauditChoicesShow() {
  var select = $('rules-choice');
  var value = select.value;
  select.textContent = '';
  libauditPage.choices.forEach(function (c) {
    var o = libauditEl('option', null, c.label === null ? w('rules_auto') : c.label);
    o.value = c.value;
    select.appendChild(o);
  });
  if (value) select.value = value;
}

function libauditStatus(message, error) {
  var s = $('message');
  s.textContent = message || '';
  s.className = error ? 'message error' : 'message';
}

// Loads the chosen rules (pack + playground edits, or the dropped file), then audits again.
function libauditUseRules() {
  var page = libauditPage;
  var source = page.dropped ? { text: page.edits[page.dropped.name] || page.dropped.text, name: page.dropped.name }
                            : { pack: page.pack, edits: page.edits };
  return page.backend.useRules(source, page.lang).then(function (r) {
    var status = $('rules-status');
    status.className = r.ok ? 'status-line' : 'status-line error';
    status.textContent = r.ok ? w('rules_loaded', { count: r.sets.length, ids: r.sets.map(function (s) { return s.id; }).join('、') })
                              : w('rules_failed') + '\n' + r.error;
    page.rulesOk = r.ok;
    if (r.ok) return libauditAuditAll();
  });
}

function libauditFigure(part) {
  if (!part) return '';
  var keys = ['credits', 'hours', 'courses', 'semesters'];
  for (var i = 0; i < keys.length; i++) if (part[keys[i]] !== undefined) return String(part[keys[i]]);
  return '';
}

// Audits every subject of the cohort, one after another, and shows the table.
function libauditAuditAll() {
  var page = libauditPage;
  if (!page.records) return Promise.resolve();
  if (!page.rulesOk) {
    libauditStatus(w('no_rules'), true);
    return Promise.resolve();
  }
  var run = ++page.run;
  var started = performance.now();
  page.cohort = new LibauditCohort(page.records.bytes, page.profiles ? page.profiles.bytes : null);
  var subjects = page.cohort.subjects;
  page.results = [];
  var next = 0;
  var step = function () {
    if (run !== page.run) return Promise.resolve();
    var batch = [];
    for (var n = 0; n < 25 && next < subjects.length; n++, next++) batch.push(libauditAuditOne(subjects[next], 'json'));
    return Promise.all(batch).then(function (done) {
      if (run !== page.run) return;
      page.results = page.results.concat(done);
      libauditStatus(w('running', { done: page.results.length, total: subjects.length }));
      if (next < subjects.length) return new Promise(function (resolve) { setTimeout(resolve, 0); }).then(step);
      var ms = Math.round(performance.now() - started);
      libauditCohortShow(ms);
      libauditStatus('');
      document.body.setAttribute('data-audited', String(page.run));
      document.body.setAttribute('data-cohort-ms', String(ms));
      if (page.openId !== undefined) return libauditOpen(page.openId);
    });
  };
  return step();
}

function libauditOptions(format) {
  var page = libauditPage;
  var o = { language: page.lang, records_name: page.records.name };
  if (page.profiles) o.profiles_name = page.profiles.name;
  var asOf = $('as-of').value.trim();
  if (asOf) o.as_of = asOf;
  if (format !== 'json') o.format = format;
  return o;
}

function libauditAuditOne(id, format) {
  var page = libauditPage;
  var files = page.cohort.files(id);
  return page.backend.audit(files.records, files.profiles, libauditOptions(format)).then(function (r) {
    var out = { id: id, ok: r.ok, error: r.error, json: null, sheet: null };
    if (r.ok && format === 'json') out.json = JSON.parse(r.result);
    if (r.ok && format === 'html') out.sheet = r.result;
    return out;
  }, function (e) {
    return { id: id, ok: false, error: w('request_failed', { error: e.message }), json: null };
  });
}

function libauditCohortShow(ms) {
  var page = libauditPage;
  var body = $('cohort').tBodies[0];
  body.textContent = '';
  page.results.forEach(function (r, index) {
    var tr = libauditEl('tr');
    tr.setAttribute('data-id', r.id === null ? '' : r.id);
    var j = r.json;
    var status = j ? j.status : 'invalid';
    var total = j && j.requirements && j.requirements[0];
    var cells = [
      j && j.subject ? j.subject.id : r.id, j && j.subject ? j.subject.name : '',
      j && j.subject ? j.subject.programme : '', j && j.subject && j.subject.entry_year !== null ? j.subject.entry_year : '',
      j && j.ruleset ? j.ruleset.id : ''
    ];
    cells.forEach(function (c) { tr.appendChild(libauditEl('td', null, c === undefined ? '' : c)); });
    var st = libauditEl('td', 'status status-' + status, w('status.' + status));
    st.setAttribute('data-status', status);
    if (!r.ok) st.title = r.error;
    tr.appendChild(st);
    ['required', 'earned', 'pending', 'remaining'].forEach(function (k) {
      tr.appendChild(libauditEl('td', 'num ' + k, total ? libauditFigure(total[k]) : ''));
    });
    var open = libauditEl('td');
    var b = libauditEl('button', 'open', w('open'));
    b.type = 'button';
    b.addEventListener('click', function () { libauditOpen(page.results[index].id); });
    open.appendChild(b);
    tr.appendChild(open);
    if (!r.ok) {
      body.appendChild(tr);
      tr = libauditEl('tr', 'error-row');
      var td = libauditEl('td', 'error', r.error);
      td.colSpan = 11;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  });
  libauditText($('cohort-summary'), w('cohort_summary', { total: page.results.length, ms: ms }));
  $('cohort-section').hidden = false;
}

// Requirements still needed, from the result: [{title, text}], depth first.
function libauditStillNeeded(json) {
  var out = [];
  var lang = libauditPage.lang;
  var walk = function (node, depth) {
    var needs = node.status === 'not_met' || node.status === 'met_pending';
    var children = node.children || node.requirements || [];
    if (needs && node.still_needed && node.still_needed.text && (children.length === 0 || depth === 0))
      out.push({ title: lang === 'en' && node.title_en ? node.title_en : node.title, text: node.still_needed.text });
    children.forEach(function (c) { walk(c, depth + 1); });
  };
  (json.requirements || []).forEach(function (r) { walk(r, 0); });
  return out;
}

// Opens one student: what is still needed, and the engine's printable sheet in the frame.
function libauditOpen(id) {
  var page = libauditPage;
  page.openId = id;
  var result = page.results.filter(function (r) { return r.id === id; })[0];
  return libauditAuditOne(id, 'html').then(function (sheet) {
    $('student-section').hidden = false;
    var title = result && result.json && result.json.subject ? result.json.subject.id + ' ' + result.json.subject.name : (id || '');
    libauditText($('student-title'), title);
    var list = $('still-needed');
    list.textContent = '';
    var needed = result && result.json ? libauditStillNeeded(result.json) : [];
    if (result && !result.ok) list.appendChild(libauditEl('li', 'error', result.error));
    else if (needed.length === 0) list.appendChild(libauditEl('li', null, w('nothing_needed')));
    needed.forEach(function (n) {
      var li = libauditEl('li');
      li.appendChild(libauditEl('strong', null, n.title + '：'));
      li.appendChild(document.createTextNode(n.text));
      list.appendChild(li);
    });
    var frame = $('sheet');
    frame.srcdoc = sheet.ok ? sheet.sheet : '<pre>' + String(sheet.error).replace(/[&<]/g, function (c) { return c === '&' ? '&amp;' : '&lt;'; }) + '</pre>';
    $('print').disabled = !sheet.ok;
    document.body.setAttribute('data-open', id === null ? '' : id);
    $('student-section').scrollIntoView({ block: 'start' });
  });
}

function libauditReadFile(input) {
  var file = input.files && input.files[0];
  if (!file) return Promise.resolve(null);
  return file.arrayBuffer().then(function (b) { return { bytes: new Uint8Array(b), name: file.name }; });
}

// A drop zone: a label holding a file input; a file dropped on it is given to the input.
function libauditDropZone(zone, input, onFile) {
  zone.addEventListener('dragover', function (e) { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', function () { zone.classList.remove('over'); });
  zone.addEventListener('drop', function (e) {
    e.preventDefault();
    zone.classList.remove('over');
    if (e.dataTransfer.files.length) {
      input.files = e.dataTransfer.files;
      input.dispatchEvent(new Event('change'));
    }
  });
  input.addEventListener('change', function () {
    var file = input.files && input.files[0];
    zone.querySelector('.file-name').textContent = file ? file.name : '';
    libauditReadFile(input).then(onFile);
  });
}

// --- the playground ------------------------------------------------------------------------------

function libauditPlayFiles() {
  var page = libauditPage;
  if (page.dropped) return [page.dropped.name];
  var choice = page.choices.filter(function (c) { return c.value === page.pack; })[0];
  return choice && choice.files ? Object.keys(choice.files).sort() : [];
}

function libauditPlayShowFiles() {
  var select = $('play-file');
  select.textContent = '';
  libauditPlayFiles().forEach(function (name) {
    var o = libauditEl('option', null, name);
    o.value = name;
    select.appendChild(o);
  });
  libauditPlayLoad();
}

function libauditPlayOriginal(name) {
  var page = libauditPage;
  if (page.edits[name] !== undefined) return page.edits[name];
  if (page.dropped && page.dropped.name === name) return page.dropped.text;
  var choice = page.choices.filter(function (c) { return c.value === page.pack; })[0];
  return choice && choice.files && choice.files[name] !== undefined ? choice.files[name] : '';
}

function libauditPlayLoad() {
  var name = $('play-file').value;
  $('play-text').value = name ? libauditPlayOriginal(name) : '';
  libauditPlayGutter([]);
  $('play-diagnostics').textContent = '';
}

// The lint document of either back end (`libaudit lint --format json`: the C API's
// libaudit_lint_text in the page, POST /v1/lint over HTTP) as the playground's list:
// [{line, column, severity, code, text}], text in the language asked for.
function libauditLintList(doc) {
  return doc.diagnostics.map(function (d) {
    return { line: d.line || 0, column: d.column || 0, severity: d.severity, code: d.code || '', text: d.text || d.message };
  });
}

// Line numbers beside the text; lines with a problem marked (an error over a warning), the
// problems' words as the mark's tooltip.
function libauditPlayGutter(diagnostics) {
  var lines = $('play-text').value.split('\n').length;
  var marked = {}, words = {};
  diagnostics.forEach(function (d) {
    if (marked[d.line] !== 'error') marked[d.line] = d.severity;
    words[d.line] = (words[d.line] ? words[d.line] + '\n' : '') + (d.code ? d.code + ': ' : '') + d.text;
  });
  var gutter = $('play-gutter');
  gutter.textContent = '';
  for (var i = 1; i <= lines; i++) {
    var div = libauditEl('div', marked[i] ? 'mark-' + marked[i] : null, String(i));
    if (marked[i]) {
      div.setAttribute('data-line', String(i));
      div.title = words[i];
    }
    gutter.appendChild(div);
  }
  gutter.scrollTop = $('play-text').scrollTop;
}

function libauditPlayJump(line) {
  var area = $('play-text');
  var lines = area.value.split('\n');
  var at = 0;
  for (var i = 0; i < line - 1 && i < lines.length; i++) at += lines[i].length + 1;
  area.focus();
  area.setSelectionRange(at, at + (lines[line - 1] || '').length);
  area.scrollTop = Math.max(0, (line - 3) * parseFloat(getComputedStyle(area).lineHeight));
}

function libauditPlayCheck() {
  var page = libauditPage;
  var name = $('play-file').value || 'rules.yaml';
  var text = $('play-text').value;
  return page.backend.lint(text, name, page.lang).then(function (diagnostics) {
    libauditPlayGutter(diagnostics);
    var list = $('play-diagnostics');
    list.textContent = '';
    if (diagnostics.length === 0) list.appendChild(libauditEl('li', 'ok', w('play_ok')));
    diagnostics.forEach(function (d) {
      var li = libauditEl('li', d.severity);
      li.setAttribute('data-line', String(d.line));
      if (d.line) {
        var a = libauditEl('button', 'line', w('play_line', { line: d.line }));
        a.type = 'button';
        a.addEventListener('click', function () { libauditPlayJump(d.line); });
        li.appendChild(a);
      }
      if (d.code) li.appendChild(libauditEl('span', 'code', d.code));
      li.appendChild(document.createTextNode(d.text));
      list.appendChild(li);
    });
    var errors = diagnostics.filter(function (d) { return d.severity === 'error'; }).length;
    if (errors === 0 && page.backend.canEditRules && $('play-file').value) {
      page.edits[name] = text;
      return libauditUseRules();
    }
  });
}

// --- start ---------------------------------------------------------------------------------------

function libauditStart(backend) {
  var page = libauditPage;
  page.backend = backend;
  libauditWordsShow();
  $('lang').addEventListener('click', function () {
    page.lang = page.lang === 'zh-TW' ? 'en' : 'zh-TW';
    libauditWordsShow();
    if (page.rulesOk !== undefined) libauditUseRules();
  });
  libauditDropZone($('records-zone'), $('records-file'), function (f) { page.records = f; libauditAuditAll(); });
  libauditDropZone($('profiles-zone'), $('profiles-file'), function (f) { page.profiles = f; libauditAuditAll(); });
  libauditDropZone($('rules-drop'), $('rules-file'), function (f) {
    if (!f) return;
    page.dropped = { text: libauditDecode(f.bytes), name: f.name };
    page.edits = {};
    libauditPlayShowFiles();
    libauditUseRules();
  });
  $('rules-choice').addEventListener('change', function () {
    page.pack = $('rules-choice').value;
    page.dropped = null;
    page.edits = {};
    libauditPlayShowFiles();
    libauditUseRules();
  });
  $('run').addEventListener('click', function () {
    if (!page.records) libauditStatus(w('no_records'), true);
    else libauditAuditAll();
  });
  $('as-of').addEventListener('change', function () { libauditAuditAll(); });
  $('print').addEventListener('click', function () { $('sheet').contentWindow.print(); });
  $('close').addEventListener('click', function () {
    $('student-section').hidden = true;
    page.openId = undefined;
  });
  $('play-file').addEventListener('change', libauditPlayLoad);
  $('play-text').addEventListener('scroll', function () { $('play-gutter').scrollTop = $('play-text').scrollTop; });
  $('play-text').addEventListener('input', function () {
    clearTimeout(page.playTimer);
    page.playTimer = setTimeout(libauditPlayCheck, 500);
  });
  backend.onUnauthorized = function (hadToken) {
    $('token-field').hidden = false;
    libauditStatus(w(hadToken ? 'token_wrong' : 'token_needed'), true);
    $('token').focus();
  };
  $('token').addEventListener('keydown', function (e) {
    if (e.key !== 'Enter') return;
    backend.setToken($('token').value.trim());
    libauditStatus('');
    libauditChoicesLoad().then(function () { return libauditAuditAll(); });
  });
  // The page's own figures (docs/performance.md, tests/web/bench_page.py): data-start-ms, the
  // back end started (the module compiled and instantiated); data-rules-ms, the first rule load.
  var started = performance.now();
  return backend.init().then(function () {
    document.body.setAttribute('data-start-ms', String(Math.round(performance.now() - started)));
    return libauditChoicesLoad();
  }, function (e) {
    libauditStatus(w('backend_failed', { error: e && e.message ? e.message : String(e) }), true);
  });
}

// The rule choices from the back end, then the rules and the page ready; a service that wants a
// token answers 401, which shows the token field (onUnauthorized) instead of an error.
function libauditChoicesLoad() {
  var page = libauditPage;
  return page.backend.choices().then(function (choices) {
    page.choices = choices;
    page.pack = choices.length ? choices.filter(function (c) { return c.value === 'ntue-eam'; }).concat(choices)[0].value : null;
    libauditChoicesShow();
    $('rules-choice').value = page.pack;
    libauditPlayShowFiles();
    page.rulesStarted = performance.now();
    return libauditUseRules();
  }).then(function () {
    if (!document.body.hasAttribute('data-rules-ms'))
      document.body.setAttribute('data-rules-ms', String(Math.round(performance.now() - page.rulesStarted)));
    document.body.setAttribute('data-ready', '1');
  }, function (e) {
    if (e && e.unauthorized) return;
    libauditStatus(w('backend_failed', { error: e && e.message ? e.message : String(e) }), true);
  });
}
