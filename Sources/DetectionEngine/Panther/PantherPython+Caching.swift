/// The Python source of `_detection_host_panther_caching`: `panther_detection_helpers.caching` over `remote_cache`.
extension PantherPython {
    static let cachingSource = #"""
"""panther_detection_helpers.caching for rules run by detection-host: the same functions, over
the host's cache (`detection.remote_cache`), so that caching rules work against memory:, sqlite:
and dynamodb: stores, and under `detection-host test` against each case's fresh memory cache.

Panther keeps one key-value table; here it is the namespace `panther`. An entry's expiry is the
absolute epoch second Panther's functions take (`epoch_seconds`; a value below one week counts
as seconds from now, as in Panther); without one, 90 days from now."""

import json as _json
import time as _time
from collections.abc import Mapping as _Mapping

from detection import remote_cache as _remote_cache

NAMESPACE = "panther"
_DEFAULT_LIFETIME = 90 * 24 * 3600
_LONGEST_TTL = 10 * 365 * 24 * 3600
_handles = {}


def _expiry(epoch_seconds):
    if isinstance(epoch_seconds, str):
        epoch_seconds = float(epoch_seconds)
    if isinstance(epoch_seconds, float):
        epoch_seconds = int(epoch_seconds)
    now = int(_time.time())
    if not isinstance(epoch_seconds, int) or isinstance(epoch_seconds, bool):
        return now + _DEFAULT_LIFETIME
    if epoch_seconds < 604801:
        return now + epoch_seconds
    return epoch_seconds


def _handle(epoch_seconds=None):
    """A cache handle whose ttl ends the entry at the expiry asked for (at least one second)."""
    ttl = min(max(_expiry(epoch_seconds) - int(_time.time()), 1), _LONGEST_TTL)
    handle = _handles.get(ttl)
    if handle is None:
        if len(_handles) > 256:
            _handles.clear()
        handle = _handles[ttl] = _remote_cache(NAMESPACE, ttl)
    return handle


def _strings(val):
    return [val] if isinstance(val, str) else list(val)


def ttl_expired(response):
    """Whether a stored item (`{"Item": {"expiresAt": epoch}}`) is past its expiry."""
    expiration = response.get("Item", {}).get("expiresAt")
    return expiration and float(expiration) <= _time.time()


def get_counter(key, force_ttl_check=False):
    value = _handle()[key]
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def increment_counter(key, val=1, epoch_seconds=None):
    handle = _handle(epoch_seconds)
    current = handle[key]
    if current is not None and (not isinstance(current, int) or isinstance(current, bool)):
        del handle[key]
    count = handle.increment_counter(key, val)
    if epoch_seconds is not None:
        # Panther sets the expiry on every increment; the host's increments keep the first one.
        handle[key] = count
    return count


def reset_counter(key):
    handle = _handle()
    if isinstance(handle[key], int):
        del handle[key]


def set_key_expiration(key, epoch_seconds):
    value = _handle()[key]
    if value is not None:
        _handle(epoch_seconds)[key] = value


def put_string_set(key, val, epoch_seconds=None):
    _handle(epoch_seconds)[key] = set(_strings(val))


def get_string_set(key, force_ttl_check=False):
    value = _handle()[key]
    return set(value) if isinstance(value, (set, frozenset)) else set()


def add_to_string_set(key, val, epoch_seconds=None):
    items = _strings(val)
    if not items:
        return get_string_set(key)
    handle = _handle(epoch_seconds)
    current = handle[key]
    if current is not None and not isinstance(current, (set, frozenset)):
        del handle[key]
    result = set(handle.add_to_string_set(key, items))
    if epoch_seconds is not None:
        handle[key] = result
    return result


def remove_from_string_set(key, val, epoch_seconds=None):
    items = _strings(val)
    if not items:
        return get_string_set(key)
    handle = _handle(epoch_seconds)
    if not isinstance(handle[key], (set, frozenset)):
        return set()
    result = set(handle.remove_from_string_set(key, items))
    if epoch_seconds is not None and result:
        handle[key] = result
    return result


def reset_string_set(key):
    handle = _handle()
    if isinstance(handle[key], (set, frozenset)):
        del handle[key]


def _json_default(value):
    container = getattr(value, "_container", None)
    if container is not None:
        return container
    raise TypeError("object of type %s is not JSON serializable" % type(value).__name__)


def put_dictionary(key, val, epoch_seconds=None):
    if not isinstance(val, (dict, _Mapping)):
        raise TypeError("put_dictionary: value is not a dictionary")
    try:
        text = _json.dumps(dict(val), default=_json_default)
    except TypeError as error:
        raise ValueError("put_dictionary: value is a dictionary, but it is not JSON serializable") from error
    _handle(epoch_seconds)[key] = text


def get_dictionary(key, force_ttl_check=False):
    value = _handle()[key]
    if not isinstance(value, str):
        return {}
    try:
        loaded = _json.loads(value)
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def evaluate_threshold(key, threshold=10, expiry_seconds=3600):
    count = increment_counter(key, epoch_seconds=expiry_seconds)
    if count >= threshold:
        reset_counter(key)
        return True
    return False


def check_account_age(key):
    if isinstance(key, str) and key != "":
        return bool(get_string_set(key, force_ttl_check=True))
    return False


def kv_table():
    raise RuntimeError("detection-host keeps Panther's key-value table in its own cache (--cache); "
                       "use the functions of panther_detection_helpers.caching, not the table")
"""#
}
