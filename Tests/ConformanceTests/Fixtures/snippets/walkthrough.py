"""Runs one published snippet, verbatim, inside detection-host and reports what each of its
statements did, for the conformance tests to compare with what the page says.

    detection-host python walkthrough.py [--seed] [PRELUDE.py] SNIPPET.py

PRELUDE is the page's first snippet (the import), which the later snippets of the page rely on;
it runs first in the same namespace, as a reader following the page would run it. --seed puts
{"1.1.1.1"} under "john@example.com" in the "UserIp" namespace before SNIPPET runs, for the
snippets that read or remove it. SNIPPET then runs statement by statement, unchanged: after each
statement the script records its value (an expression's result, or the value bound by an
assignment to a name) and the contents of the namespaces the page uses. The trace is printed as
one JSON document.
"""
import ast
import json
import sys

from detection import RemoteCache, remote_cache

NAMESPACES = ("UserIp", "UserFailure")


def shown(value):
    if isinstance(value, RemoteCache):
        return repr(value)
    if isinstance(value, (set, frozenset)):
        return {"set": sorted(value), "type": type(value).__name__}
    return value


def cache_state():
    state = {}
    for namespace in NAMESPACES:
        entries = {key: shown(value) for key, value in remote_cache(namespace).items()}
        if entries:
            state[namespace] = entries
    return state


def read(path):
    with open(path, encoding="utf-8") as file:
        return file.read()


def main(arguments):
    seed = "--seed" in arguments
    paths = [argument for argument in arguments if argument != "--seed"]
    *preludes, snippet = paths
    namespace = {"__name__": "__main__"}
    for prelude in preludes:
        exec(compile(read(prelude), prelude, "exec"), namespace)
    if seed:
        remote_cache("UserIp")["john@example.com"] = {"1.1.1.1"}
    trace = []
    for statement in ast.parse(read(snippet), filename=snippet).body:
        if isinstance(statement, ast.Expr):
            value = eval(compile(ast.Expression(statement.value), snippet, "eval"), namespace)
        else:
            exec(compile(ast.Module([statement], type_ignores=[]), snippet, "exec"), namespace)
            targets = getattr(statement, "targets", [])
            value = namespace[targets[0].id] if len(targets) == 1 and isinstance(targets[0], ast.Name) else None
        trace.append({"line": statement.lineno, "value": shown(value), "cache": cache_state()})
    print(json.dumps(trace, sort_keys=True))


main(sys.argv[1:])
