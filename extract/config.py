"""Which data files the extractor reads by: its vocabulary, gazetteer and jurisdictions.

A `Config` is passed to `extract_document` / `extract_text` (today's files in
extract/data are the default) and is the active one while that document is read; every
word list, pattern and memo derived from the data is kept per configuration, so two
configurations never see each other's words.

    >>> from extract import extract_text
    >>> from extract.config import Config
    >>> mine = Config(vocabulary=Path("my-vocabulary.toml"))
    >>> extract_text(text, config=mine)
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import astuple, dataclass
from functools import lru_cache, wraps
from inspect import signature
from pathlib import Path

DATA = Path(__file__).with_name("data")
_KEYS: dict[tuple, int] = {}


@dataclass(frozen=True)
class Config:
    vocabulary: Path = DATA / "vocabulary.toml"  # labels, verbs, name endings, directives…
    gazetteer: Path = DATA / "departments.yaml"  # kinds of department and their names
    jurisdictions: Path = DATA / "jurisdictions.yaml"  # places, their levels and codes
    deadlines: Path = DATA / "deadlines.toml"  # how deadlines are written
    stopwords: Path = DATA / "stopwords.txt"  # words no keyword is made of

    def __post_init__(self):
        # A small number per distinct configuration: the memo key, cheap to hash on every call.
        object.__setattr__(self, "key", _KEYS.setdefault(astuple(self), len(_KEYS)))


def read_yaml(path: Path):
    """A YAML data file, parsed by libyaml: the same data as PyYAML's own parser, ten times
    sooner (the gazetteer alone took 30 ms of every process's start)."""
    import yaml

    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


DEFAULT = Config()
_ACTIVE: ContextVar[Config] = ContextVar("extract_config", default=DEFAULT)


def active() -> Config:
    """The configuration of the document being read (the default outside any)."""
    return _ACTIVE.get()


@contextmanager
def using(config: Config):
    """Make `config` the active configuration for the duration of the block."""
    token = _ACTIVE.set(config)
    try:
        yield config
    finally:
        _ACTIVE.reset(token)


def per_config(function=None, *, maxsize: int | None = None):
    """Like `functools.cache` (or `lru_cache(maxsize)`), one cache per configuration: for
    functions whose answer rests on the data files."""

    def decorate(function):
        if not signature(function).parameters:  # a loader or a pattern: one value per configuration
            values: dict[int, object] = {}

            @wraps(function)
            def loaded():
                key = _ACTIVE.get().key
                try:
                    return values[key]
                except KeyError:
                    values[key] = value = function()
                    return value

            return loaded
        # One cache per configuration: a single argument is then its own key, with no tuple
        # of the configuration and the arguments made and hashed on every call.
        caches: dict[int, Callable] = {}

        @wraps(function)
        def wrapper(*args, **kwargs):
            key = _ACTIVE.get().key
            try:
                cached = caches[key]
            except KeyError:
                cached = caches[key] = lru_cache(maxsize=maxsize)(function)
            return cached(*args, **kwargs)

        return wrapper

    return decorate(function) if function else decorate
