/// The Python source of `_detection_host_panther`: globals, data models, rule adapters and the case runner.
extension PantherPython {
    static let rulesSource = #"""
"""Panther rules inside detection-host: the checkout's globals and data models made importable
and usable, each rule imported once under its id, an adapter that gives `run` a detect(record),
and the case runner that gives `test` the verdicts of Panther's own tool."""

import contextlib as _contextlib
import importlib.abc as _importlib_abc
import importlib.util as _importlib_util
import io as _io
import json as _json
import sys as _sys
import traceback as _traceback
import types as _types
from collections.abc import Mapping as _Mapping

from _detection_host import error_line as _error_line
from _detection_host_panther_event import DataModel, PantherEvent, _json_default

SEVERITIES = ("INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL")
AUXILIARY = ("title", "description", "reference", "severity", "runbook", "destinations", "dedup", "alert_context", "unique")
DATA_MODELS = {}


class _GlobalsFinder(_importlib_abc.MetaPathFinder):
    """Finds a checkout's globals by their GlobalID, as Panther's tool makes them importable."""

    def __init__(self, paths):
        self.paths = paths

    def find_spec(self, name, path=None, target=None):
        file = self.paths.get(name)
        if file is None:
            return None
        return _importlib_util.spec_from_file_location(name, file)


def _import_file(name, path):
    spec = _importlib_util.spec_from_file_location(name, path)
    module = _importlib_util.module_from_spec(spec)
    _sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        _sys.modules.pop(name, None)
        raise
    return module


def _install_caching():
    """Our caching functions as `panther_detection_helpers.caching`, whether or not Panther's
    package is installed (its own would need Panther's DynamoDB table)."""
    from _detection_host_panther_caching import __dict__ as functions
    try:
        import panther_detection_helpers as package
    except Exception:
        package = _types.ModuleType("panther_detection_helpers")
        package.__path__ = []
        _sys.modules["panther_detection_helpers"] = package
    caching = _types.ModuleType("panther_detection_helpers.caching")
    caching.__dict__.update({key: value for key, value in functions.items() if not key.startswith("__")})
    _sys.modules["panther_detection_helpers.caching"] = caching
    package.caching = caching


def _install_panther_core():
    """Rules import Panther's event types for hints and isinstance checks: when Panther's library
    is installed our types register as its, otherwise a small `panther_core` stands in."""
    import _detection_host_panther_event as event
    if event.register_with_panther_core():
        return
    core = _types.ModuleType("panther_core")
    core.__path__ = []
    immutable = _types.ModuleType("panther_core.immutable")
    enriched = _types.ModuleType("panther_core.enriched_event")
    immutable.ImmutableList = event.ImmutableList
    immutable.ImmutableCaseInsensitiveDict = event.ImmutableCaseInsensitiveDict
    immutable.json_encoder = event._json_default
    enriched.PantherEvent = core.PantherEvent = event.PantherEvent
    core.immutable, core.enriched_event = immutable, enriched
    _sys.modules.update({"panther_core": core, "panther_core.immutable": immutable, "panther_core.enriched_event": enriched})


def setup(config_json, record_type):
    """Globals importable, our caching and panther_core in place, data models built. Returns the
    problems found (a data model naming a method its file lacks), one string each."""
    import _detection_host_panther_event as event
    event.adopt_record_type(record_type)
    config = _json.loads(config_json)
    _sys.meta_path.insert(0, _GlobalsFinder({item["id"]: item["path"] for item in config["globals"]}))
    _install_caching()
    _install_panther_core()
    problems = []
    for model in config["data_models"]:
        try:
            built = _data_model(model)
        except Exception as error:
            problems.append("%s: data model %s: %s: %s" % (model["spec"], model["id"], type(error).__name__, error))
            continue
        for log_type in model["log_types"]:
            DATA_MODELS[log_type] = built
    return problems


def _data_model(model):
    module = None
    if model.get("path"):
        module = _import_file("_panther_data_model." + model["id"], model["path"])
    paths, methods = {}, {}
    for mapping in model["mappings"] or []:
        if mapping.get("Path"):
            paths[mapping["Name"]] = DataModel.path_keys(mapping["Path"])
        elif mapping.get("Method"):
            if module is None or not hasattr(module, mapping["Method"]):
                raise AttributeError("its file defines no method %s (mapping %s)" % (mapping["Method"], mapping["Name"]))
            methods[mapping["Name"]] = getattr(module, mapping["Method"])
    return DataModel(model["id"], paths, methods)


def missing_module_hint(error):
    """The fix for a rule importing a package that is not installed, or None."""
    if not isinstance(error, ModuleNotFoundError) or not error.name:
        return None
    import os
    place = os.environ.get("VIRTUAL_ENV")
    where = "into the virtual environment %s (VIRTUAL_ENV)" % place if place else \
        "into a virtual environment and set VIRTUAL_ENV to it (or PYTHONPATH to its site-packages)"
    top = error.name.split(".")[0]
    package = _DISTRIBUTIONS.get(top, top)
    return "the package providing '%s' is not installed: pip install %s %s" % (error.name, package, where)


# Modules whose package on PyPI has another name.
_DISTRIBUTIONS = {"dateutil": "python-dateutil", "yaml": "PyYAML", "jwt": "PyJWT", "dns": "dnspython",
                  "Crypto": "pycryptodome", "bs4": "beautifulsoup4", "google": "google-api-python-client"}


# Where raw input of a log type holds its event time, for the `p_event_time` Panther adds.
_EVENT_TIME_FIELDS = {"AWS.CloudTrail": "eventTime"}


def _as_panther_would_store(record, log_type):
    """A raw record with the fields Panther's pipeline adds that the host can know: its log
    type, and its event time where the log type names the field."""
    fields = {"p_log_type": log_type}
    source = _EVENT_TIME_FIELDS.get(log_type)
    if source and "p_event_time" not in record and isinstance(record.get(source), str):
        fields["p_event_time"] = record[source].replace("T", " ").rstrip("Z")
    return dict(record, **fields)


def load_rule(spec_json):
    """A `Rule` for a spec given as JSON ({id, kind, severity, path, default_log_type})."""
    return Rule(_json.loads(spec_json))


def load_error(error, rule_id, path):
    """What to tell the user about a rule that does not import: path:line, the exception, the
    fix for a missing package, and the traceback."""
    line = _error_line(error, path)
    text = "%s%s: %s %s: %s: %s" % (path, ":%d" % line if line else "", "rule", rule_id, type(error).__name__, error)
    hint = missing_module_hint(error)
    if hint:
        text += "\n" + hint
    elif not isinstance(error, SyntaxError):
        text += "\n" + _traceback_text(error).rstrip("\n")
    return text


def _detect_template():
    namespace = {}
    exec(compile("def detect(record, _rule=None):\n    return _rule.detect(record)\n",
                 "<detection-host panther detect>", "exec"), namespace)
    return namespace["detect"]


_DETECT_TEMPLATE = _detect_template()


class Rule:
    """One imported rule, scheduled rule or policy: its module, and calls with Panther's rules."""

    def __init__(self, spec):
        self.id = spec["id"]
        self.kind = spec["kind"]
        self.severity = (spec.get("severity") or "INFO").upper()
        self.default_log_type = spec.get("default_log_type")
        self.module = _import_file(self.id, spec["path"])
        self.defined = {name for name in AUXILIARY if callable(getattr(self.module, name, None))}
        self.alert_value = self.kind != "policy"
        self._last = (None, None)
        # detect(record) for the engine, made with the rule module's globals: mocks of the host's
        # own test cases look names up there.
        self.module_detect = _types.FunctionType(_DETECT_TEMPLATE.__code__, self.module.__dict__, "detect", (self,))

    # --- run: the engine calls these with decoded records ---

    def event(self, record):
        """The rule's view of a record, made once per record for every rule of the same kind."""
        if self._last[0] is record:
            return self._last[1]
        if self.kind == "policy":
            event = record
        else:
            if self.default_log_type and "p_log_type" not in record:
                record = _as_panther_would_store(record, self.default_log_type)
            model = None if self.kind == "scheduled_rule" else DATA_MODELS.get(record.get("p_log_type"))
            event = PantherEvent(record, model)
        self._last = (record, event)
        return event

    def detect(self, record):
        return self.matcher(self.event(record)) is self.alert_value

    def matcher(self, event):
        function = getattr(self.module, "policy" if self.kind == "policy" else "rule", None)
        if function is None and self.kind == "scheduled_rule":
            return True
        result = function(event)
        if not isinstance(result, bool):
            raise FunctionReturnTypeError("%s() returned %s, expected a bool" % (function.__name__, type(result).__name__))
        return result

    def function(self, name):
        """A callable for the engine's optional function `name`, or None when not defined."""
        panther_name = {"dedupe": "dedup"}.get(name, name)
        if panther_name == "dedup":
            # Panther's fallbacks: the title (the engine's own), else a string per rule.
            fallback = "defaultDedupString:" + self.id
            if "dedup" in self.defined:
                return lambda record: getattr(self.module, "dedup")(self.event(record)) or fallback
            return None if "title" in self.defined else (lambda record: fallback)
        if panther_name not in self.defined:
            return None
        if panther_name == "severity":
            def severity(record):
                value = getattr(self.module, "severity")(self.event(record))
                return None if isinstance(value, str) and value.upper() == "DEFAULT" else value
            return severity
        return lambda record: getattr(self.module, panther_name)(self.event(record))


# --- test: one case with the verdicts of Panther's tool ---

class _Outcome:
    def __init__(self):
        self.outputs = {}
        self.errors = {}


class FunctionReturnTypeError(TypeError):
    """A function returned a value of the wrong type (Panther's tool fails the case too)."""


def _checked(name, value, kind):
    if not isinstance(value, kind):
        raise FunctionReturnTypeError("%s() returned %s, expected %s" % (name, type(value).__name__, kind.__name__ if isinstance(kind, type) else "a mapping"))
    return value


def _auxiliary(rule, event, case, outcome):
    """Every auxiliary function the rule defines, as Panther's tool runs them in a test."""
    module = rule.module
    for name in ("title", "description", "reference", "runbook", "unique"):
        if name in rule.defined:
            try:
                outcome.outputs[name] = _checked(name, getattr(module, name)(event), str)
            except Exception as error:
                outcome.errors[name] = error
    if "severity" in rule.defined:
        try:
            value = _checked("severity", module.severity(event), str).upper()
            if value == "DEFAULT":
                value = rule.severity
            elif value not in SEVERITIES:
                raise ValueError("severity() returned %r, expected one of %s or DEFAULT" % (value, ", ".join(SEVERITIES)))
            outcome.outputs["severity"] = value
        except Exception as error:
            outcome.errors["severity"] = error
    if "destinations" in rule.defined:
        try:
            outcome.outputs["destinations"] = _destinations(module.destinations(event), case.get("ExpectedDestinations"))
        except Exception as error:
            outcome.errors["destinations"] = error
    title = outcome.outputs.get("title")
    if "dedup" in rule.defined:
        try:
            outcome.outputs["dedup"] = _checked("dedup", module.dedup(event), str) or "defaultDedupString:" + rule.id
        except Exception as error:
            outcome.errors["dedup"] = error
    else:
        outcome.outputs["dedup"] = title or "defaultDedupString:" + rule.id
    if "alert_context" in rule.defined:
        try:
            context = _checked("alert_context", module.alert_context(event), _Mapping)
            _json.dumps(context, default=_json_default, allow_nan=False)
            outcome.outputs["alert_context"] = context
        except Exception as error:
            outcome.errors["alert_context"] = error


def _destinations(value, expected):
    """Panther's tool knows no destinations offline but those a case expects."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, (str, bool)) for item in value):
        raise TypeError("destinations() returned %s, expected a list of str" % type(value).__name__)
    if not value:
        return ["SKIP"]
    unknown = [item for item in value if item not in (expected or [])]
    if unknown:
        raise LookupError("destinations() named destinations the case does not expect: %s" % unknown)
    return value


def _apply_mocks(module, mocks):
    from unittest.mock import MagicMock
    undo = []
    for mock in mocks or []:
        if not isinstance(mock, dict) or "objectName" not in mock or "returnValue" not in mock:
            continue
        name = mock["objectName"]
        if not hasattr(module, name):
            for saved_name, saved in reversed(undo):
                setattr(module, saved_name, saved)
            raise AttributeError("mock '%s': the rule's module has no global '%s'" % (name, name))
        undo.append((name, getattr(module, name)))
        setattr(module, name, MagicMock(return_value=mock["returnValue"]))
    return undo


def _user_frames(error):
    return [frame for frame in _traceback.extract_tb(error.__traceback__) if not frame.filename.startswith("<detection-host")]


def _traceback_text(error):
    frames = _user_frames(error)
    lines = ["Traceback (most recent call last):\n"] + _traceback.format_list(frames)
    lines += _traceback.format_exception_only(type(error), error)
    return "".join(lines)


def _describe(value):
    if isinstance(value, str):
        return repr(value)
    try:
        return _json.dumps(value, default=_json_default, sort_keys=True)
    except Exception:
        return repr(value)


def run_case(rule, case_json):
    """(passed, headline, details, printed) for one entry of the rule's Tests."""
    case = _json.loads(case_json)
    expected = case.get("ExpectedResult")
    data = case["Resource"] if "Resource" in case else case.get("Log")
    printed = _io.StringIO()
    problems, failures = [], []
    outcome = _Outcome()
    matched, raised = None, None
    with _contextlib.redirect_stdout(printed), _contextlib.redirect_stderr(printed):
        try:
            undo = _apply_mocks(rule.module, case.get("Mocks"))
        except AttributeError as error:
            return False, str(error), str(error), printed.getvalue()
        try:
            if rule.kind == "policy":
                event = data
            else:
                model = None if rule.kind == "scheduled_rule" else DATA_MODELS.get((data or {}).get("p_log_type") or "")
                event = PantherEvent(data, model)
            try:
                matched = rule.matcher(event)
            except KeyboardInterrupt:
                raise
            except BaseException as error:
                raised = error
            _auxiliary(rule, event, case, outcome)
        finally:
            for name, saved in reversed(undo):
                setattr(rule.module, name, saved)
    function = "policy" if rule.kind == "policy" else "rule"
    expects_alert = expected == rule.alert_value
    if raised is not None:
        failures.append((function, raised))
    elif matched != expected:
        problems.append(("%s()" % function, _describe(expected), _describe(matched)))
    if expects_alert:
        failures += [(name, error) for name, error in outcome.errors.items()]
        _extra_expectations(case, outcome, problems)
    passed = not problems and not failures
    return passed, _headline(problems, failures), _details(problems, failures), printed.getvalue()


_EXTRA = (("ExpectedTitle", "title"), ("ExpectedDedup", "dedup"), ("ExpectedSeverity", "severity"),
          ("ExpectedAlertContext", "alert_context"), ("ExpectedDescription", "description"),
          ("ExpectedReference", "reference"), ("ExpectedRunbook", "runbook"))


def _extra_expectations(case, outcome, problems):
    """The host's additions to Panther's keys: the values the match produced."""
    for key, name in _EXTRA:
        if key not in case or name in outcome.errors:
            continue
        want, got = case[key], outcome.outputs.get(name)
        if name == "severity":
            same = isinstance(want, str) and isinstance(got, str) and want.upper() == got.upper()
        elif name == "alert_context":
            same = got is not None and _json.loads(_json.dumps(got, default=_json_default)) == want
        else:
            same = want == got
        if not same:
            problems.append(("%s()" % name, _describe(want), _describe(got)))
    if "ExpectedDestinations" in case and "destinations" not in outcome.errors:
        want = sorted(case["ExpectedDestinations"] or []) or ["SKIP"]
        got = sorted(outcome.outputs.get("destinations") or [])
        if want != got:
            problems.append(("destinations()", _describe(want), _describe(got)))


def _headline(problems, failures):
    if problems:
        what, want, got = problems[0]
        return "%s: expected %s, actual %s" % (what, want, got)
    if failures:
        name, error = failures[0]
        return "%s() raised %s: %s" % (name, type(error).__name__, error)
    return ""


def _details(problems, failures):
    lines = []
    if problems:
        rows = [("", "expected", "actual")] + problems
        first = max(len(row[0]) for row in rows)
        second = max(len(row[1]) for row in rows)
        lines += [("%s  %s  %s" % (a.ljust(first), b.ljust(second), c)).rstrip() for a, b, c in rows]
    for name, error in failures:
        lines.append("%s() raised %s: %s" % (name, type(error).__name__, error))
        if not _user_frames(error):
            continue  # raised by the host on the function's behalf: no traceback to show
        lines += ["  " + line for line in _traceback_text(error).rstrip("\n").split("\n") if line.strip()]
    return "\n".join(lines)
"""#
}
