#!/usr/bin/env python3
"""Writes cp950.txt (next to this script) from the host's glibc iconv ("CP950"), through ctypes.

The library decodes Big5 with that table instead of iconv (src/input/encoding.cpp): the same
answers on every platform (emscripten's musl has no CP950, and its iconv carries the tables of
every CJK encoding, ~125 KB of the WebAssembly module gzipped). tests/unit/input/encoding_test.cpp
compares the built-in decoder with glibc's CP950 on every one- and two-byte sequence.
Run: python3 libaudit/data/make_cp950.py
"""
import ctypes
import ctypes.util
import os

libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
libc.iconv_open.restype = ctypes.c_void_p
libc.iconv_open.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
libc.iconv.restype = ctypes.c_size_t
libc.iconv.argtypes = [ctypes.c_void_p] + [ctypes.c_void_p] * 4
cd = libc.iconv_open(b"UTF-32LE", b"CP950")
assert cd != ctypes.c_void_p(-1).value, "glibc iconv has no CP950"


def decode(pair):
    """The code point glibc gives the two bytes, or None when they are not one CP950 character."""
    libc.iconv(cd, None, None, None, None)
    inbuf = ctypes.create_string_buffer(pair, len(pair))
    outbuf = ctypes.create_string_buffer(16)
    inp, outp = ctypes.c_char_p(ctypes.addressof(inbuf)), ctypes.c_char_p(ctypes.addressof(outbuf))
    inleft, outleft = ctypes.c_size_t(len(pair)), ctypes.c_size_t(16)
    rc = libc.iconv(cd, ctypes.byref(inp), ctypes.byref(inleft), ctypes.byref(outp), ctypes.byref(outleft))
    if rc == ctypes.c_size_t(-1).value or inleft.value != 0 or outleft.value != 12:
        return None
    return int.from_bytes(outbuf.raw[:4], "little")


TRAILS = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
lines = []
for lead in range(0xA1, 0xFA):
    chars = [decode(bytes([lead, t])) for t in TRAILS]
    assert all(c is None or c >= 0x80 for c in chars)
    lines.append("%02X %s" % (lead, "".join("-" if c is None else chr(c) for c in chars)))
for lead in list(range(0x80, 0xA1)) + list(range(0xFA, 0x100)):
    assert all(decode(bytes([lead, t])) is None for t in range(0x40, 0x100)), "lead %02X" % lead
HEADER = """\
# Big5 as Microsoft's code page 950 (CP950), as glibc's iconv decodes it: written by make_cp950.py,
# do not edit. One line per lead byte (A1 to F9; other lead bytes start no character): the lead
# byte in hex, a space, then the characters of the 157 trail bytes 40-7E and A1-FE in order,
# '-' where the two bytes are not a character. Read by src/input/encoding.cpp.
"""
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "cp950.txt"), "w", encoding="utf-8") as f:
    f.write(HEADER + "\n".join(lines) + "\n")
