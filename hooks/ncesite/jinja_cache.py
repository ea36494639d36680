"""Compiled templates kept in this process's memory, never on disk.

MkDocs makes a new Jinja environment for every build, so without this every build (the
Bokmål one inside the English one, every rebuild while serving) compiles Material's templates
and the site's own again. Both caches use Jinja's public API and key each entry by what
changes the code Jinja compiles from one source (autoescaping, extensions, syntax), so
environments that compile differently never share code; Jinja checks each entry against its
source.
"""

from __future__ import annotations

import jinja2
from jinja2.bccache import Bucket


def compiles_as(environment: jinja2.Environment) -> str:
    """What changes the code Jinja compiles from one source (not what it renders with)."""
    autoescape = environment.autoescape
    return repr((getattr(autoescape, "__qualname__", None) or repr(autoescape), sorted(environment.extensions),
                 environment.block_start_string, environment.block_end_string, environment.variable_start_string,
                 environment.variable_end_string, environment.comment_start_string, environment.comment_end_string,
                 environment.line_statement_prefix, environment.line_comment_prefix, environment.trim_blocks,
                 environment.lstrip_blocks, environment.newline_sequence, environment.keep_trailing_newline,
                 environment.optimized, environment.undefined.__qualname__, environment.finalize is not None))


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Templates loaded by name (the theme's, overrides/), compiled once per process."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def get_bucket(self, environment, name, filename, source):
        bucket = Bucket(environment, f"{compiles_as(environment)}|{name}|{filename}", self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket):
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self._code[bucket.key] = bucket.bytecode_to_string()


_from_strings: dict[tuple[str, str], object] = {}


def from_string(environment: jinja2.Environment, source: str) -> jinja2.Template:
    """environment.from_string(source), compiled once per process for the same source and kind of
    environment (the hand-written pages, which Jinja's bytecode cache does not cover)."""
    key = (compiles_as(environment), source)
    code = _from_strings.get(key)
    if code is None:
        if len(_from_strings) > 500:  # a long preview session's old versions of pages
            _from_strings.clear()
        code = _from_strings[key] = environment.compile(source)
    return environment.template_class.from_code(environment, code, environment.make_globals(None))
