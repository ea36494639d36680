"""Compiled Jinja templates kept across builds: in memory, and on disk between processes.

MkDocs makes a new Jinja environment for every build, so every build compiled all
of Material's templates and the site's own again: about a third of a rebuild in
`mkdocs serve`, again for the second language in `mkdocs build`, and a fifth of a
whole build at the real size. Jinja keeps a compiled template in a bytecode cache
under its name and file and checks it against the source, so an edited template is
compiled anew. Environments that compile differently (autoescaping, extensions,
syntax) get entries of their own. On disk the entries live in $NCE_CACHE_DIR, else
$XDG_CACHE_HOME/nce-site or ~/.cache/nce-site, per Python and Jinja version (like
.pyc files); where that folder cannot be written, memory alone is used.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket


def _fingerprint(environment: jinja2.Environment) -> str:
    """What changes the code Jinja compiles from one source (not what it renders with)."""
    autoescape = environment.autoescape
    autoescape = getattr(autoescape, "__qualname__", None) or repr(autoescape)
    options = (autoescape, sorted(environment.extensions), environment.block_start_string,
               environment.block_end_string, environment.variable_start_string, environment.variable_end_string,
               environment.comment_start_string, environment.comment_end_string, environment.line_statement_prefix,
               environment.line_comment_prefix, environment.trim_blocks, environment.lstrip_blocks,
               environment.newline_sequence, environment.keep_trailing_newline, environment.optimized,
               environment.undefined.__qualname__)
    return repr(options)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """jinja2.BytecodeCache in this process's memory, one entry per template and kind of environment."""

    def __init__(self, directory: Path | None = None) -> None:
        self._code: dict[str, bytes] = {}
        self.directory = directory

    def get_bucket(self, environment, name, filename, source):
        key = hashlib.sha1(f"{_fingerprint(environment)}|{name}|{filename}".encode()).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is None:
            code = read_cached(self.directory, bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
        write_cached(self.directory, bucket.key, self._code[bucket.key])

    def clear(self) -> None:
        self._code.clear()


def _cache_directory() -> Path | None:
    base = os.environ.get("NCE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "nce-site")
    folder = Path(base) / f"jinja-py{sys.version_info[0]}{sys.version_info[1]}-{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


def read_cached(directory: Path | None, key: str) -> bytes | None:
    if directory is None:
        return None
    try:
        return (directory / key).read_bytes()
    except OSError:
        return None


def write_cached(directory: Path | None, key: str, data: bytes) -> None:
    """Write whole or not at all: another build may read the same folder meanwhile."""
    if directory is None:
        return
    try:
        handle, scratch = tempfile.mkstemp(dir=directory, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(scratch, directory / key)
    except OSError:
        pass


# One per process: the hooks give it to every environment MkDocs and the generator make.
CACHE = MemoryBytecodeCache(_cache_directory())


_compiled_strings: dict[tuple[str, str], object] = {}


def from_string(environment: jinja2.Environment, source: str) -> jinja2.Template:
    """environment.from_string(source), with the compiled code kept for the next build.

    Hand-written pages are templates given as text, which Jinja's bytecode cache does
    not cover; their code is kept here under the source text itself.
    """
    key = (_fingerprint(environment), source)
    code = _compiled_strings.get(key)
    if code is None:
        name = "string-" + hashlib.sha1("|".join(key).encode()).hexdigest()
        stored = read_cached(CACHE.directory, name)
        try:
            code = marshal.loads(stored) if stored else None
        except (EOFError, ValueError, TypeError):
            code = None
        if code is None:
            code = environment.compile(source)
            write_cached(CACHE.directory, name, marshal.dumps(code))
        _compiled_strings[key] = code
    return environment.template_class.from_code(environment, code, environment.make_globals(None), None)
