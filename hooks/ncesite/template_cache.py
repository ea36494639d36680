"""Compiled Jinja templates kept in memory across builds.

MkDocs makes a new Jinja environment for every build, so every build compiled all
of Material's templates and the site's own again: about a third of a rebuild in
`mkdocs serve`, and again for the second language in `mkdocs build`. Jinja keeps a
compiled template in a bytecode cache under its name and file and checks it against
the source, so an edited template is compiled anew. Environments that compile
differently (autoescaping, extensions, syntax) get entries of their own.
"""

from __future__ import annotations

import hashlib

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

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def get_bucket(self, environment, name, filename, source):
        key = hashlib.sha1(f"{_fingerprint(environment)}|{name}|{filename}".encode()).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


# One per process: the hooks give it to every environment MkDocs and the generator make.
CACHE = MemoryBytecodeCache()


_compiled_strings: dict[tuple[str, str], object] = {}


def from_string(environment: jinja2.Environment, source: str) -> jinja2.Template:
    """environment.from_string(source), with the compiled code kept for the next build.

    Hand-written pages are templates given as text, which Jinja's bytecode cache does
    not cover; their code is kept here under the source text itself.
    """
    key = (_fingerprint(environment), source)
    code = _compiled_strings.get(key)
    if code is None:
        code = _compiled_strings[key] = environment.compile(source)
    return environment.template_class.from_code(environment, code, environment.make_globals(None), None)
