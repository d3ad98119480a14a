/// The Python source of `_detection_host_panther_event`: Panther's event and its immutable containers (DESIGN §9).
extension PantherPython {
    static let eventSource = #"""
"""Panther's event for rules run by detection-host: an immutable mapping with a case-insensitive
fallback lookup, nested mappings and lists wrapped on the way out, and the accessors Panther's
rules call (deep_get, deep_walk, udm, udm_path, lookup, event_time_epoch) plus Matano's deepget."""

import collections.abc as _abc
import copy as _copy
import datetime as _datetime
import json as _json
from functools import reduce as _reduce


class PantherError(Exception):
    """What Panther raises for a misuse (udm_path without a data model)."""


def _wrap(value):
    kind = _WRAPPERS.get(type(value))
    if kind is not None:
        return kind(value)
    if isinstance(value, dict):
        return ImmutableCaseInsensitiveDict(value)
    if isinstance(value, list):
        return ImmutableList(value)
    return value


class ImmutableList(_abc.Sequence):
    """A read-only list whose mappings and lists come out read-only too."""

    __slots__ = ("_container",)

    def __init__(self, items):
        self._container = tuple(items)

    def __getitem__(self, index):
        return _wrap(self._container[index])

    def __len__(self):
        return len(self._container)

    def __iter__(self):
        return (_wrap(item) for item in self._container)

    def __eq__(self, other):
        if isinstance(other, ImmutableList):
            return self._container == other._container
        if isinstance(other, (tuple, list)):
            return self._container == tuple(other)
        return False

    __hash__ = None

    def __repr__(self):
        return "ImmutableList(%r)" % (self._container,)

    def copy(self):
        return list(_copy.deepcopy(self._container))

    as_list = copy


class ImmutableCaseInsensitiveDict(_abc.Mapping):
    """A read-only mapping: a key missing as written is looked up ignoring case (the first key
    in order wins when two differ only by case)."""

    __slots__ = ("_container", "_lowered")

    def __init__(self, container):
        self._container = container
        self._lowered = None

    def __getitem__(self, key):
        container = self._container
        try:
            return _wrap(container[key])
        except KeyError:
            if not isinstance(key, str):
                raise
        lowered = self._lowered
        if lowered is None:
            lowered = {}
            for original in container:
                if isinstance(original, str):
                    lowered.setdefault(original.lower(), original)
            self._lowered = lowered
        original = lowered.get(key.lower())
        if original is None:
            raise KeyError(key)
        return _wrap(container[original])

    def __len__(self):
        return len(self._container)

    def __iter__(self):
        return iter(self._container)

    def __repr__(self):
        return "%s(%r)" % (type(self).__name__, self._container)

    def copy(self):
        return _copy.deepcopy(dict(self._container))

    to_dict = copy

    def raw_view(self):
        return self._container

    def deep_get(self, *keys, default=None):
        value = _reduce(lambda d, key: d.get(key, default) if isinstance(d, _abc.Mapping) else default, keys, self)
        return default if value is None else value

    def deepget(self, path, default=None):
        """Matano's accessor: a dotted path or a list of keys; lists are indexed by number."""
        keys = path.split(".") if isinstance(path, str) else list(path)
        value = self._container
        for key in keys:
            if isinstance(value, _abc.Mapping):
                if key not in value:
                    return default
                value = value[key]
            elif isinstance(value, (list, tuple)):
                try:
                    value = value[int(key)]
                except (ValueError, IndexError, TypeError):
                    return default
            else:
                return default
            if value is None:
                return default
        return _wrap(value)


def _json_default(value):
    if isinstance(value, (ImmutableCaseInsensitiveDict, ImmutableList)):
        return value._container
    raise TypeError("object of type %s is not JSON serializable" % type(value).__name__)


class DataModel:
    """A data model's mappings: field name to a path (a list of keys) or to a function."""

    def __init__(self, model_id, paths, methods):
        self.data_model_id = model_id
        self.paths = paths
        self.methods = methods

    @staticmethod
    def path_keys(path):
        """`$.a.b` or `a.b` as keys; Panther's paths in practice are plain dotted paths."""
        text = path[2:] if path.startswith("$.") else path[1:] if path.startswith("$") else path
        return tuple(part.strip("'\"[]") for part in text.split(".") if part)


_MISSING = object()


class PantherEvent(ImmutableCaseInsensitiveDict):
    __slots__ = ("data_model", "lookup_function")

    def __init__(self, event, data_model=None):
        super().__init__(event)
        self.data_model = data_model
        self.lookup_function = None

    def _add_lookup_function(self, lookup_function):
        self.lookup_function = lookup_function

    def lookup(self, lookup_name, lookup_key):
        if self.lookup_function:
            return self.lookup_function(self, lookup_name, lookup_key)
        return self.deep_get("_mocked_lookup_data_", lookup_name, lookup_key)

    def _path_value(self, key):
        keys = self.data_model.paths.get(key)
        if not keys:
            return _MISSING
        value = self._container
        for part in keys:
            if not isinstance(value, _abc.Mapping) or part not in value:
                return _MISSING
            value = value[part]
        return value

    def udm(self, *keys, default=None):
        model = self.data_model
        if len(keys) == 1 and model:
            value = self._path_value(keys[0])
            if value is not _MISSING:
                return _wrap(value)
            method = model.methods.get(keys[0])
            if callable(method):
                return _wrap(method(ImmutableCaseInsensitiveDict(self._container)))
            if keys[0] in model.paths or keys[0] in model.methods:
                return default
        if keys:
            result = self.deep_get("p_udm", *keys)
            if not result:
                result = self.deep_get(*keys)
            if result:
                return result
        return default

    def udm_path(self, key):
        if not self.data_model:
            raise PantherError("a data model hasn't been specified for log type", self._container.get("p_log_type"))
        if self._path_value(key) is not _MISSING:
            return ".".join(self.data_model.paths[key])
        method = self.data_model.methods.get(key)
        if callable(method):
            return getattr(method, "__name__", repr(method))
        return None

    def deep_walk(self, *keys, default=None, return_val="all"):
        return _walk(self._container, keys, default, return_val)

    def event_time_epoch(self, force_utc=True):
        text = self.get("p_event_time") or ""
        try:
            from dateutil import parser
        except ImportError:
            try:
                moment = _datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                return 0
            if force_utc and moment.tzinfo is None:
                moment = moment.replace(tzinfo=_datetime.timezone.utc)
            return int(moment.timestamp())
        try:
            return int(parser.parse(text + " UTC" if force_utc else text).timestamp())
        except (parser.ParserError, ValueError, OverflowError):
            return 0

    @staticmethod
    def json_encoder(value):
        return _json_default(value)


def _empty_sequence(value):
    if isinstance(value, _abc.Sequence) and not isinstance(value, str):
        return all(_empty_sequence(item) for item in value)
    return False


def _walk(value, keys, default, return_val):
    """Panther's deep_walk: keys through mappings, every item of a list, the values found
    flattened and without repeats."""
    if not keys:
        return default if value is None or _empty_sequence(value) else value
    if isinstance(value, _abc.Mapping):
        return _walk(value.get(keys[0], default), keys[1:], default, return_val)
    found = {}
    if isinstance(value, _abc.Sequence) and not isinstance(value, str):
        for item in value:
            result = _walk(item, keys, default, return_val)
            if result is None:
                continue
            if isinstance(result, _abc.Sequence) and not isinstance(result, str):
                for inner in result:
                    found[inner] = None
            else:
                found[result] = None
    values = list(found)
    if not values:
        return default
    return {"first": values[0], "last": values[-1], "all": values[0] if len(values) == 1 else values}.get(return_val, "all")


_WRAPPERS = {dict: ImmutableCaseInsensitiveDict, list: ImmutableList}


def adopt_record_type(record_type):
    """Records decoded by the host are `detection.Record`s (a dict subclass): wrapped as dicts."""
    _WRAPPERS[record_type] = ImmutableCaseInsensitiveDict


def register_with_panther_core():
    """When Panther's own library is importable, rules that check `isinstance(x, ImmutableList)`
    against its types see ours as theirs (virtual subclasses; its classes shadow `register`)."""
    import abc
    try:
        from panther_core import enriched_event, immutable
    except Exception:
        return False
    abc.ABCMeta.register(immutable.ImmutableList, ImmutableList)
    abc.ABCMeta.register(immutable.ImmutableCaseInsensitiveDict, ImmutableCaseInsensitiveDict)
    abc.ABCMeta.register(enriched_event.PantherEvent, PantherEvent)
    return True
"""#
}
