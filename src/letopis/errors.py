"""Error classes: everything letopis raises on purpose derives from LetopisError."""


class LetopisError(Exception):
    """Base class of letopis errors; its message is one line, fit for a user."""


class ReadError(LetopisError):
    """A file cannot be read or decoded as text."""


class SchemaError(LetopisError):
    """A JSON object does not follow the letopis.document/1 contract."""


class SpanError(LetopisError):
    """A span breaks the offset invariant text[start:end] == span.text."""


class ModelError(LetopisError):
    """A model pack is missing, corrupt or of the wrong protocol."""


class DataError(LetopisError):
    """An evaluation data set cannot be found or parsed."""
