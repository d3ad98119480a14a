"""Compares stubs/detection.pyi with the `detection` module the host builds: the same public
names at module level and in each class, and the same parameters (names, order, defaults) for
every function and method whose signature the module documents. Prints each mismatch and
exits 1 when there is one. Run as: detection-host python check_stubs.py PATH/detection.pyi"""
import ast
import sys

import detection

problems = []


def public(names):
    return {name for name in names if not name.startswith("_")}


def documented_parameters(obj, name):
    """[(name, default repr or None)] from a doc that opens with `name(params): ...`."""
    doc = (obj.__doc__ or "").strip()
    if not doc.startswith(name + "("):
        return None
    depth = 0
    for index, char in enumerate(doc):
        depth += char == "("
        depth -= char == ")"
        if depth == 0 and char == ")":
            signature = doc[: index + 1]
            break
    else:
        return None
    function = ast.parse("def " + signature + ": pass").body[0]
    return parameters(function, skip_self=False)


def parameters(function, skip_self):
    args = function.args.args[1:] if skip_self else function.args.args
    defaults = [None] * (len(args) - len(function.args.defaults)) + [ast.dump(d) for d in function.args.defaults]
    return [(arg.arg, default) for arg, default in zip(args, defaults)]


def compare(where, runtime, stub_function, skip_self):
    documented = documented_parameters(runtime, stub_function.name)
    if documented is None:
        return
    declared = parameters(stub_function, skip_self)
    if documented != declared:
        problems.append("%s: the module documents %s, the stub declares %s" % (where, documented, declared))


tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())
stub_names = {}
for node in tree.body:
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        stub_names[node.name] = node
    elif isinstance(node, ast.Assign):
        for target in node.targets:
            stub_names[target.id] = node

module_names = public(dir(detection))
declared = public(stub_names) - {"CacheValue"}  # a type alias for annotations only
for name in sorted(module_names - declared):
    problems.append("detection.%s is missing from the stub" % name)
for name in sorted(declared - module_names):
    problems.append("the stub declares detection.%s, which the module lacks" % name)

for name in sorted(module_names & declared):
    runtime = getattr(detection, name)
    node = stub_names[name]
    if isinstance(node, ast.FunctionDef):
        compare(name, runtime, node, skip_self=False)
    elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Name):
        if runtime is not getattr(detection, node.value.id):
            problems.append("detection.%s is not detection.%s, as the stub says" % (name, node.value.id))
    elif isinstance(node, ast.ClassDef):
        methods = {item.name: item for item in node.body if isinstance(item, ast.FunctionDef)}
        bases = [base for base in runtime.__mro__[1:]]
        own = public(key for key in vars(runtime) if not any(key in vars(base) for base in bases))
        for method in sorted(own - public(methods)):
            problems.append("detection.%s.%s is missing from the stub" % (name, method))
        for method, item in sorted(methods.items()):
            if not hasattr(runtime, method):
                problems.append("the stub declares detection.%s.%s, which the module lacks" % (name, method))
            elif not method.startswith("_"):
                compare("%s.%s" % (name, method), getattr(runtime, method), item, skip_self=True)
        declared_base = ast.unparse(node.bases[0]).split("[")[0] if node.bases else "object"
        if runtime.__mro__[1].__name__ != declared_base:
            problems.append("detection.%s derives from %s, the stub says %s" % (name, runtime.__mro__[1].__name__, declared_base))

for problem in problems:
    print(problem)
print("%d names checked, %d problems" % (len(module_names), len(problems)))
sys.exit(1 if problems else 0)
