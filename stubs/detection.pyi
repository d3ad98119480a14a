# Type stubs for the `detection` module that detection-host builds into its interpreter
# (DESIGN.md §3). Point an editor or type checker at this folder: pyright/Pylance
# `"stubPath": "stubs"`, mypy `MYPYPATH=stubs`. Tests/ConformanceTests/StubTests checks that every
# public name and parameter here matches the module.
from collections.abc import AbstractSet, Iterable, Iterator, Sequence
from typing import Any, TypeVar

_T = TypeVar("_T")

# What a cache entry holds: a counter, a string, a bool or a string set.
CacheValue = int | str | bool | StringSet

class Record(dict[str, Any]):
    """A security record: a dict whose nested objects are records too."""

    def deepget(self, path: str | Sequence[str | int], default: Any = None) -> Any:
        """The value at a dotted path ('a.0.b') or a list of keys and indexes; `default` when a
        step is missing, out of range, None or not a container, or the value is None."""
        ...

class StringSet(set[str]):
    """A set of str returned by the cache; None counts as the empty set in -, |, & and ^."""

    def __sub__(self, other: AbstractSet[str] | None) -> StringSet: ...
    def __rsub__(self, other: AbstractSet[str] | None) -> StringSet: ...
    def __or__(self, other: AbstractSet[str] | None) -> StringSet: ...  # type: ignore[override]
    def __ror__(self, other: AbstractSet[str] | None) -> StringSet: ...  # type: ignore[override]
    def __and__(self, other: AbstractSet[str] | None) -> StringSet: ...
    def __rand__(self, other: AbstractSet[str] | None) -> StringSet: ...
    def __xor__(self, other: AbstractSet[str] | None) -> StringSet: ...  # type: ignore[override]
    def __rxor__(self, other: AbstractSet[str] | None) -> StringSet: ...  # type: ignore[override]

class RemoteCache:
    """A namespace of the remote cache with a ttl; made by remote_cache(namespace, ttl=3600).
    A key is any object; the key used is str(key)."""

    def __getitem__(self, key: object) -> CacheValue | None:
        """The value, or None when missing or expired (never KeyError)."""
        ...
    def __setitem__(self, key: object, value: int | str | bool | AbstractSet[str]) -> None:
        """Stores an int (counter), str, bool or set of str (an empty set deletes the key) and
        starts the entry's ttl; anything else is a TypeError."""
        ...
    def __delitem__(self, key: object) -> None: ...
    def __contains__(self, key: object) -> bool: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[str]: ...
    def get(self, key: object, default: _T | None = None) -> CacheValue | _T | None:
        """The value, or `default` when missing or expired."""
        ...
    def keys(self) -> list[str]: ...
    def items(self) -> list[tuple[str, CacheValue]]: ...
    def values(self) -> list[CacheValue]: ...
    def increment_counter(self, key: object, value: int = 1) -> int:
        """Atomically adds `value` (a missing or expired key starts from 0); the new count."""
        ...
    def decrement_counter(self, key: object, value: int = 1) -> int:
        """Atomically subtracts `value`; the new count."""
        ...
    def add_to_string_set(self, key: object, strings: str | Iterable[str] | None = None) -> StringSet:
        """Atomically adds one str or each str of an iterable; the set after the change. With no
        strings, the current set, unchanged."""
        ...
    def remove_from_string_set(self, key: object, strings: str | Iterable[str]) -> StringSet:
        """Atomically removes; the set after the change (an empty set means the key is gone)."""
        ...

class RemoteCacheError(RuntimeError):
    """The cache's store failed (DynamoDB or SQLite unreachable, throttled past retries)."""

def remote_cache(namespace: str, ttl: int = 3600) -> RemoteCache:
    """A handle on `namespace` whose entries expire `ttl` seconds after they are created or
    assigned. Two handles on one namespace share its data."""
    ...

remotecache = remote_cache
