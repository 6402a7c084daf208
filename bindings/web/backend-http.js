// The page's engine behind `libaudit serve` (docs/service.md, docs/web.md): the same interface as
// backend-wasm.js, over fetch() to the service that served the page (same origin, nothing else).
// Files are decoded in the browser (UTF-8, else Big5) and sent as text in the /v1/audit envelope.
function LibauditHttpBackend(base) {
  this.kind = 'http';
  this.base = base || '';
  this.query = '';
  this.canEditRules = false;
  // A service started with --tokens wants "Authorization: Bearer": the assistant types the token the
  // school gave them once per browser tab (sessionStorage: gone when the tab closes, never in a URL).
  this.token = '';
  try { this.token = sessionStorage.getItem('libaudit.token') || ''; } catch (e) { /* storage off */ }
  this.onUnauthorized = null;
}

LibauditHttpBackend.prototype.setToken = function (token) {
  this.token = token;
  try { sessionStorage.setItem('libaudit.token', token); } catch (e) { /* storage off */ }
};

LibauditHttpBackend.prototype.request = function (method, path, body, type) {
  var init = { method: method, headers: {} };
  if (body !== undefined) {
    init.body = body;
    init.headers['Content-Type'] = type || 'application/json';
  }
  if (this.token) init.headers['Authorization'] = 'Bearer ' + this.token;
  var self = this;
  return fetch(this.base + path, init).then(function (r) {
    return r.text().then(function (text) {
      if (r.status === 401) {
        if (self.onUnauthorized) self.onUnauthorized(!!self.token);
        var e = new Error(libauditHttpMessages(text));
        e.unauthorized = true;
        throw e;
      }
      return { status: r.status, text: text };
    });
  });
};

LibauditHttpBackend.prototype.init = function () {
  return this.request('GET', '/v1/ready').then(function (r) {
    if (r.status !== 200) throw new Error(r.text);
  });
};

// The rule choices: every rule set the service holds, after "by programme and entry year".
LibauditHttpBackend.prototype.choices = function () {
  return this.request('GET', '/v1/rulesets').then(function (r) {
    if (r.status !== 200) throw new Error(r.text);
    var sets = JSON.parse(r.text);
    return [{ value: '', label: null, sets: sets }].concat(sets.map(function (s) {
      return { value: s.id, label: s.id + ' · ' + s.title, sets: [s] };
    }));
  });
};

// {pack: ''} (the service picks) or {pack: ID} (one rule set); a dropped rule file cannot be used.
LibauditHttpBackend.prototype.useRules = function (source) {
  this.query = source.pack ? '?ruleset=' + encodeURIComponent(source.pack) : '';
  return this.choices().then(function (choices) {
    var chosen = choices.filter(function (c) { return c.value === (source.pack || ''); })[0];
    return { ok: true, sets: chosen ? chosen.sets : [], error: null };
  });
};

function libauditHttpText(bytes) {
  return bytes === null || bytes === undefined ? null : libauditDecode(bytes).replace(/^\ufeff/, '');
}

// The diagnostics of the CLI's invalid document, one located line each (as the engine prints them).
function libauditHttpMessages(text) {
  try {
    var doc = JSON.parse(text);
    if (doc.error) return doc.error.message;
    return (doc.diagnostics || []).map(function (d) {
      var where = d.file ? d.file + (d.line ? ':' + d.line + (d.column ? ':' + d.column : '') : '') + ': ' : '';
      return where + (d.text || d.message);
    }).join('\n');
  } catch (e) {
    return text;
  }
}

LibauditHttpBackend.prototype.audit = function (records, profiles, options) {
  var envelope = { records: libauditHttpText(records), profiles: libauditHttpText(profiles), options: options };
  return this.request('POST', '/v1/audit' + this.query, JSON.stringify(envelope)).then(function (r) {
    if (r.status === 200) return { ok: true, result: r.text, error: null };
    return { ok: false, result: null, error: libauditHttpMessages(r.text) };
  });
};

LibauditHttpBackend.prototype.lint = function (text, name, language) {
  return this.request('POST', '/v1/lint?lang=' + encodeURIComponent(language), text, 'application/yaml').then(function (r) {
    var doc = JSON.parse(r.text);
    if (doc.error) return [{ line: 0, column: 0, severity: 'error', code: '', text: doc.error.message }];
    return libauditLintList(doc);
  });
};
