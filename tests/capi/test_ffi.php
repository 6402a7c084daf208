<?php
// The C API from PHP through FFI (Debian's php-cli, run with -d ffi.enable=1), as a PHP school
// system would call it: a rule folder loaded once, a student's records and profile audited, the
// JSON byte for byte what `libaudit check --format json` prints; the status and message of an
// unknown rule file and of bad JSON, in zh-TW and English; every returned string freed.
// Usage: php -d ffi.enable=1 test_ffi.php LIBAUDITCORE_SO CLI ROOT
[$_, $lib, $cli, $root] = $argv;
chdir($root);
$ffi = FFI::cdef(<<<'C'
typedef struct libaudit_rules libaudit_rules;
const char* libaudit_version(void);
int libaudit_rules_load(const char* path, const char* language, libaudit_rules** rules, char** error);
void libaudit_rules_free(libaudit_rules* rules);
int libaudit_check(const libaudit_rules* rules, const char* records, const char* profiles,
                   const char* options, char** result, char** error);
void libaudit_free(char* text);
C, $lib);

$failures = [];
function expect(bool $ok, string $what): void {
    global $failures;
    if (!$ok) $failures[] = $what;
}
// A returned string as PHP bytes, released with libaudit_free (null for NULL).
function take(FFI $ffi, FFI\CData $p): ?string {
    if (FFI::isNull($p)) return null;
    $s = FFI::string($p);
    $ffi->libaudit_free($p);
    return $s;
}

$rules = $ffi->new("libaudit_rules*");
$error = $ffi->new("char*");
$status = $ffi->libaudit_rules_load("rules/ntue-eam", null, FFI::addr($rules), FFI::addr($error));
expect($status === 0, "load rules/ntue-eam: " . take($ffi, $error));

$cases = [  // [records, profile, as-of, language]
    ["examples/grad/eam-met/transcript.csv", "examples/grad/eam-met/student.csv", "113-2", null],
    ["examples/grad/eam-not-met-domain/transcript.csv", "examples/grad/eam-not-met-domain/student.csv", "113-2", "en"],
];
foreach ($cases as [$records, $profile, $asOf, $language]) {
    $command = sprintf("LIBAUDIT_LANG= %s check rules/ntue-eam --records %s --student %s --as-of %s --format json%s",
                       escapeshellarg($cli), $records, $profile, $asOf, $language ? " --lang $language" : "");
    $expected = shell_exec($command);
    $options = ["as_of" => $asOf, "records_name" => $records, "profiles_name" => $profile];
    if ($language) $options["language"] = $language;
    $result = $ffi->new("char*");
    $status = $ffi->libaudit_check($rules, file_get_contents($records), file_get_contents($profile),
                                   json_encode($options), FFI::addr($result), FFI::addr($error));
    expect($status === 0, "$records: status $status");
    $json = take($ffi, $result);
    expect($json === $expected, "$records: result differs from `libaudit check --format json`");
    expect(json_decode($json, true)["status"] !== null, "$records: result is JSON with a status");
}

// Errors: an unknown rule file (zh-TW by default, English asked), bad JSON records.
$none = $ffi->new("libaudit_rules*");
$status = $ffi->libaudit_rules_load("rules/no-such-pack.yaml", null, FFI::addr($none), FFI::addr($error));
$message = take($ffi, $error);
expect($status === 3 && FFI::isNull($none) && str_contains($message, "no-such-pack"), "unknown file: $status $message");
$status = $ffi->libaudit_rules_load("rules/no-such-pack.yaml", "en", FFI::addr($none), FFI::addr($error));
$message = take($ffi, $error);
expect($status === 3 && str_contains($message, "no such file"), "unknown file (en): $message");
$result = $ffi->new("char*");
$status = $ffi->libaudit_check($rules, '{"records": [', null, '{"records_name": "bad.json", "language": "en"}',
                               FFI::addr($result), FFI::addr($error));
$message = take($ffi, $error);
expect($status === 2 && FFI::isNull($result) && str_starts_with($message, "bad.json:"), "bad JSON: $status $message");
$status = $ffi->libaudit_check($rules, null, null, null, FFI::addr($result), FFI::addr($error));
expect($status === 1, "NULL records: $status " . take($ffi, $error));

$ffi->libaudit_rules_free($rules);
foreach ($failures as $f) echo "FAIL $f\n";
printf("PHP FFI: libaudit %s, %d audits byte-identical to the CLI, %d failures\n", $ffi->libaudit_version(),
       count($cases), count($failures));
exit($failures ? 1 : 0);
