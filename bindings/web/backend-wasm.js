// The page's engine in the page itself (docs/web.md): the WebAssembly module (bindings/wasm),
// its bytes inlined (LIBAUDIT_WASM_BASE64) so that the page opens from disk, where a browser may
// not fetch(); the bundled rule packs inlined too (LIBAUDIT_PACKS: pack -> file -> YAML text).
// Nothing here reaches the network. The same interface as backend-http.js (app.js uses either).
function LibauditWasmBackend() {
  this.kind = 'wasm';
  this.module = null;
  this.rules = null;
  this.canEditRules = true;
}

LibauditWasmBackend.prototype.init = function () {
  var self = this;
  var text = atob(LIBAUDIT_WASM_BASE64);
  var bytes = new Uint8Array(text.length);
  for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return createLibaudit({ wasmBinary: bytes }).then(function (m) { self.module = m; });
};

// The rule choices: [{value, label, files: {name: text}}] (the bundled packs).
LibauditWasmBackend.prototype.choices = function () {
  return Promise.resolve(Object.keys(LIBAUDIT_PACKS).sort().map(function (pack) {
    return { value: pack, label: 'rules/' + pack, files: LIBAUDIT_PACKS[pack] };
  }));
};

// Rules from {pack, edits: {name: text}} (a bundled pack, some files replaced) or {text, name}
// (one dropped rule file). Resolves {ok, sets: [{id, version, file}], error}.
LibauditWasmBackend.prototype.useRules = function (source, language) {
  var m = this.module;
  var loaded;
  if (source.pack !== undefined) {
    var dir = '/rules/' + source.pack;
    var files = Object.assign({}, LIBAUDIT_PACKS[source.pack], source.edits || {});
    m.FS.mkdirTree(dir);
    m.FS.readdir(dir).forEach(function (name) { if (name !== '.' && name !== '..') m.FS.unlink(dir + '/' + name); });
    Object.keys(files).forEach(function (name) { m.FS.writeFile(dir + '/' + name, files[name]); });
    loaded = m.loadRules({ path: 'rules/' + source.pack }, language);
  } else {
    loaded = m.loadRules({ text: source.text, name: source.name }, language);
  }
  if (loaded.status !== 0) return Promise.resolve({ ok: false, sets: [], error: loaded.error });
  if (this.rules) this.rules.free();
  this.rules = loaded.rules;
  return Promise.resolve({ ok: true, sets: loaded.rules.list(), error: null });
};

// Audits one subject: records and profiles as bytes, options as libaudit_check's. Resolves
// {ok, result (JSON text, or the sheet with format "html"), error (the engine's messages)}.
LibauditWasmBackend.prototype.audit = function (records, profiles, options) {
  var r = this.module.check(this.rules, records, profiles, options);
  return Promise.resolve({ ok: r.status === 0, result: r.result, error: r.error });
};

// A rule file's problems, errors and warnings, as `libaudit lint` finds them (the C API's
// libaudit_lint_text): [{line, column, severity, code, text}] (libauditLintList, app.js).
LibauditWasmBackend.prototype.lint = function (text, name, language) {
  var r = this.module.lint(text, name, language);
  if (r.status !== 0) return Promise.resolve([{ line: 0, column: 0, severity: 'error', code: '', text: r.error }]);
  return Promise.resolve(libauditLintList(r.result));
};
