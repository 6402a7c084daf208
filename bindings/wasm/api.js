// libaudit's JavaScript face over the C API (libaudit.h), added to the module object by --post-js
// (docs/wasm.md). Texts are JavaScript strings (sent as UTF-8) or bytes (Uint8Array: a Big5 export
// is passed as it is and decoded by the library); options are an object or a JSON string, as
// libaudit_check's. Nothing here reaches the network or the host's files: files a call names
// (libaudit_rules_load of a folder) are in the module's own memory file system, Module.FS.

// A NUL-terminated copy of `data` (string or bytes) in the module's memory; null stays null.
function libauditIn(data) {
  if (data === null || data === undefined) return 0;
  if (typeof data === 'string') {
    var size = lengthBytesUTF8(data) + 1;
    var p = _malloc(size);
    stringToUTF8(data, p, size);
    return p;
  }
  var bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  var q = _malloc(bytes.length + 1);
  HEAPU8.set(bytes, q);
  HEAPU8[q + bytes.length] = 0;
  return q;
}

// Runs `call(out, error)` with two fresh pointer slots; returns {status, value, error} with the
// strings taken out (and released with libaudit_free); with `handle`, `out` is a rule set handle,
// returned as the number `value`.
function libauditCall(call, handle) {
  var slots = _malloc(8);
  HEAPU32[slots >> 2] = 0;
  HEAPU32[(slots >> 2) + 1] = 0;
  var status = call(slots, slots + 4);
  var take = function (p) {
    if (!p) return null;
    var text = UTF8ToString(p);
    _libaudit_free(p);
    return text;
  };
  var value = handle ? HEAPU32[slots >> 2] : take(HEAPU32[slots >> 2]);
  var error = take(HEAPU32[(slots >> 2) + 1]);
  _free(slots);
  return { status: status, value: value, error: error };
}

function libauditFree(pointers) {
  for (var i = 0; i < pointers.length; i++) if (pointers[i]) _free(pointers[i]);
}

// A loaded rule set (one file's text, or every rule file below a folder of Module.FS).
function LibauditRules(handle) { this.handle = handle; }
// The loaded rule sets as [{id, version, kind, sha256, file}].
LibauditRules.prototype.list = function () {
  var handle = this.handle;
  var r = libauditCall(function (out, err) { return _libaudit_rules_list(handle, out, err); });
  if (r.status !== 0) throw new Error(r.error);
  return JSON.parse(r.value);
};
LibauditRules.prototype.free = function () {
  if (this.handle) _libaudit_rules_free(this.handle);
  this.handle = 0;
};

// Loads rules: {text, name} (a rule file's YAML text) or {path} (a file or folder in Module.FS);
// `language` "zh-TW" (default) or "en" for the messages. Returns {status, rules, error}: status 0
// and a LibauditRules, or the C API's status (2 invalid rules, 3 unreadable) and the located messages.
Module['loadRules'] = function (source, language) {
  var args = [libauditIn(source.text !== undefined ? source.text : null), libauditIn(source.name),
              libauditIn(source.path), libauditIn(language)];
  var r = libauditCall(function (out, err) {
    return source.text !== undefined ? _libaudit_rules_load_text(args[0], args[1], args[3], out, err)
                                     : _libaudit_rules_load(args[2], args[3], out, err);
  }, true);
  libauditFree(args);
  return { status: r.status, rules: r.status === 0 ? new LibauditRules(r.value) : null, error: r.error };
};

// Audits one subject: `records` and `profiles` (null: the profile in JSON records) as text or
// bytes, `options` as libaudit_check's (format "json" | "html" | "text", language, as_of, id,
// select, encoding, records_name, profiles_name, exceptions, print_date ...). Returns
// {status, result, error}: status 0 and the result JSON (or sheet), else the status and messages.
Module['check'] = function (rules, records, profiles, options) {
  var text = options === undefined || options === null ? null
           : typeof options === 'string' ? options : JSON.stringify(options);
  var args = [libauditIn(records), libauditIn(profiles), libauditIn(text)];
  var r = libauditCall(function (out, err) {
    return _libaudit_check(rules.handle, args[0], args[1], args[2], out, err);
  });
  libauditFree(args);
  return { status: r.status, result: r.value, error: r.error };
};

// Lints one rule file's YAML text (`name` names it in the diagnostics; `language` "zh-TW" or "en"
// for their "text"). Returns {status, result, error}: status 0 and the lint document, parsed:
// {files, errors, warnings, diagnostics: [{code, severity, message, text, params, file, line,
// column, field}]}, as `libaudit lint --format json` prints it; else the status and the message.
Module['lint'] = function (text, name, language) {
  var args = [libauditIn(text), libauditIn(name), libauditIn(language)];
  var r = libauditCall(function (out, err) { return _libaudit_lint_text(args[0], args[1], args[2], out, err); });
  libauditFree(args);
  return { status: r.status, result: r.status === 0 ? JSON.parse(r.value) : null, error: r.error };
};

Module['version'] = function () { return UTF8ToString(_libaudit_version()); };
