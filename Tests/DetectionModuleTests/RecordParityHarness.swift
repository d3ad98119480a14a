import DetectionModule
import JSONTape
import PythonBridge
import Testing

/// The expressions of the record parity battery, and how one runs: on a record and on
/// `json.loads` of the same line, each outcome taken down as text so that two can be compared.
///
/// An outcome is the expression's value (`repr`, and its shape: the type at every level, a
/// `detection.Record` counting as the `dict` that `json.loads` makes) or what it raised (type and
/// message), and then the whole record after it (`repr` and shape), so that a mutation is checked
/// by what it did as well as by what it returned. In every expression `r` is the object under
/// test (the record, or an object or list in it), `j` the same part of a fresh `json.loads` of the
/// line, and `k` the first key of `j`; `j` and `k` come from their own decode, so an expression
/// that does not name `j` touches nothing but `r`.
struct RecordParityHarness {
    /// Python source; its expressions are Python, one per string, the last line the value.
    private static let source = #"""
    import collections, collections.abc, copy, json, pickle
    import detection

    MAPPING = [
        "r == j", "j == r", "r != j", "j != r", "isinstance(r, dict)",
        "isinstance(r, collections.abc.MutableMapping)", "bool(r)",
        "repr(r)", "str(r)", "f'{r}'", "'%s' % (r,)", "'{0}'.format(r)",
        "json.dumps(r)", "json.dumps(r, sort_keys=True)", "json.dumps(r, indent=2)",
        "json.dumps(r, separators=(',', ':'))", "json.dumps(r, ensure_ascii=False)",
        "json.dumps({'wrapped': [r]})", "json.loads(json.dumps(r)) == j",
        "dict(r)", "{**r}", "{**r, 'extra': 1}", "copy.copy(r)", "copy.deepcopy(r)", "r.copy()",
        "pickle.loads(pickle.dumps(r))", "pickle.loads(pickle.dumps(r, protocol=0))",
        "pickle.loads(pickle.dumps(r)) == j", "len(r)", "k in r", "'absent' in r", "k not in r",
        "list(r)", "[x for x in r]", "list(iter(r))", "next(iter(r))", "list(reversed(r))", "sorted(r)",
        "list(r.keys())", "list(r.items())", "list(r.values())", "r.keys()", "r.items()", "r.values()",
        "r.keys() == j.keys()", "len(r.items())", "list(zip(r, r.values()))",
        "r | {}", "{} | r", "r | {'added': 1}", "j | r",
        "r.get(k)", "r.get('absent')", "r.get('absent', 'fallback')", "r[k]", "r['absent']",
        "r.fromkeys(['a', 'b'])", "type(r).fromkeys(['x'], 0)",
        "r[k] = 'changed'\njson.dumps(r)",
        "r['added'] = [1, {'x': 2}]\njson.dumps(r)",
        "del r[k]\njson.dumps(r)",
        "del r['absent']",
        "(r.pop(k), json.dumps(r))",
        "(r.pop('absent', 'fallback'), json.dumps(r))",
        "r.pop('absent')",
        "(r.popitem(), json.dumps(r))",
        "(r.setdefault(k, 'fallback'), r.setdefault('new', []), json.dumps(r))",
        "r.setdefault('new', []).append(1)\njson.dumps(r)",
        "r.update({k: 0, 'updated': 1})\njson.dumps(r)",
        "r.update([('pair', 1)], keyword=2)\njson.dumps(r)",
        "r.update(j)\njson.dumps(r)",
        "r.clear()\n(json.dumps(r), len(r), r == {})",
        "r |= {'merged': 1}\njson.dumps(r)",
        "r |= j\njson.dumps(r)",
        "r[k] = r\n(len(r), k in r)",
        "'{a}'.format_map(r)", "('{%s}' % k).format_map(r)", "'{absent}'.format_map(r)",
        "collections.ChainMap(r)[k]", "collections.ChainMap(r).get('absent')", "dict(collections.ChainMap(r))",
        "dict(collections.ChainMap({'extra': 1}, r))", "list(collections.ChainMap(r))", "k in collections.ChainMap(r)",
        "len(collections.ChainMap(r, {'extra': 1}))", "collections.ChainMap(r)",
        "collections.Counter(r)", "collections.OrderedDict(r)", "list(map(str, r))",
        # C code that takes the mapping apart: keyword unpacking, dict's own slots called directly.
        "'{a}'.format(**r)", "(lambda **kw: kw)(**r)", "dict.__repr__(r)", "dict.__eq__(r, j)",
        "dict.fromkeys(r)", "list(map(r.get, j))", "sorted(r.items(), key=repr)",
    ]

    LIST = [
        "r == j", "j == r", "r != j", "isinstance(r, list)", "bool(r)", "repr(r)", "str(r)",
        "json.dumps(r)", "json.dumps(r, sort_keys=True, indent=2)", "json.dumps(r, separators=(',', ':'))",
        "list(r)", "[x for x in r]", "list(reversed(r))", "copy.copy(r)", "copy.deepcopy(r)", "r.copy()",
        "pickle.loads(pickle.dumps(r))", "len(r)", "r[0]", "r[-1]", "r[99]", "r[1:]", "r[::-1]",
        "r[0] in r", "'absent' in r", "r.index(r[0])", "r.count(r[0])", "r + []", "r * 2", "sorted(r, key=repr)",
        "tuple(r)", "dict(enumerate(r))",
        "r.append({'appended': 1})\njson.dumps(r)",
        "r.extend([{'x': 1}, 2])\njson.dumps(r)",
        "r.insert(0, 'first')\njson.dumps(r)",
        "(r.pop(), json.dumps(r))",
        "(r.pop(0), json.dumps(r))",
        "del r[0]\njson.dumps(r)",
        "r.remove(r[0])\njson.dumps(r)",
        "r.clear()\njson.dumps(r)",
        "r.reverse()\njson.dumps(r)",
        "r[0] = 'replaced'\njson.dumps(r)",
        "r[0:1] = [1, 2, 3]\njson.dumps(r)",
        "r += [1]\njson.dumps(r)",
        "r *= 2\njson.dumps(r)",
        "r.sort(key=repr)\njson.dumps(r)",
    ]

    SNIPPETS = {"mapping": MAPPING, "list": LIST}

    def walk(value, path):
        for step in path:
            value = value[step]
        return value

    def shape(value, active=()):
        """The type at every level, a Record counting as a dict; a cycle shows as "cycle"."""
        kind = type(value)
        if kind is detection.Record:
            kind = dict
        if id(value) in active:
            return "cycle"
        inner = active + (id(value),)
        if kind in (dict, collections.OrderedDict, collections.Counter):
            return (kind.__name__, [(shape(k, inner), shape(v, inner)) for k, v in value.items()])
        if kind in (list, tuple) or kind in (type({}.keys()), type({}.items()), type({}.values())):
            return (kind.__name__, [shape(v, inner) for v in value])
        if kind is collections.ChainMap:
            return ("ChainMap", [shape(m, inner) for m in value.maps])
        return kind.__name__

    def run(kind, index, root, line, path):
        """The outcome of expression `index` of `kind` on the part of `root` at `path`."""
        path = json.loads(path)
        j = walk(json.loads(line), path)
        k = next(iter(j), "absent") if isinstance(j, dict) else None
        *body, last = SNIPPETS[kind][index].split("\n")
        scope = {"collections": collections, "copy": copy, "json": json, "pickle": pickle, "j": j, "k": k}
        try:
            scope["r"] = walk(root, path)
            if body:
                exec("\n".join(body), scope)
            value = eval(last, scope)
            outcome = ("value", repr(value), shape(value))
        except Exception as error:
            outcome = ("raised", type(error).__name__, str(error))
        return repr(outcome + (repr(root), shape(root)))

    def has(line, path, kind):
        """Whether `line` has a mapping (`kind` "mapping") or a list at `path`."""
        try:
            value = walk(json.loads(line), json.loads(path))
        except (LookupError, TypeError):
            return False
        return isinstance(value, dict if kind == "mapping" else list)

    def type_name(expression, root):
        """The name of the type `expression` gives with `r` bound to `root`."""
        return eval(expression, {"copy": copy, "pickle": pickle, "r": root}).__name__

    def count(kind):
        return len(SNIPPETS[kind])
    """#

    private let run: PyShared
    private let has: PyShared
    private let count: PyShared
    private let typeNameFunction: PyShared
    private let loads: PyShared
    let decoder: JSONRecordDecoder

    init(_ gil: borrowing GILToken) throws {
        // A module of its own, as a detection is, rather than a bare globals dict.
        let code = try compile(Self.source, filename: "<record parity>", gil)
        let module = try importCode(code.pointer(gil), as: "record_parity", path: nil, gil)
        func named(_ name: String) throws -> PyShared {
            try getAttr(module.pointer(gil), name, gil).shared()
        }
        run = try named("run")
        has = try named("has")
        count = try named("count")
        typeNameFunction = try named("type_name")
        loads = try getAttr(try named("json").pointer(gil), "loads", gil).shared()
        guard let recordType = DetectionModule.recordType(gil) else {
            throw PythonException(.runtimeError, "detection.Record does not exist: import detection first")
        }
        decoder = try JSONRecordDecoder(objectType: recordType, gil)
    }

    /// How a record is made for one run of an expression.
    enum Source: CaseIterable, CustomStringConvertible, Sendable {
        /// As the engine makes plain records: scanned into a tape on the reader thread, then built.
        case tape
        /// Parsed directly (the engine's path for what the tape leaves).
        case parser
        /// `json.loads` in Python: the reference.
        case jsonLoads

        var description: String {
            switch self {
            case .tape: "host decoder via tape"
            case .parser: "host decoder without tape"
            case .jsonLoads: "json.loads"
            }
        }
    }

    /// A fresh record of `line` from `source`: a new reference. `scanned` notes whether a tape
    /// source really built from a tape (the scan gives up on escapes, NaN...).
    func record(_ line: String, from source: Source, scanned: inout Bool, _ gil: borrowing GILToken) throws -> PyOwned {
        let bytes = Array(line.utf8)
        switch source {
        case .jsonLoads:
            let text = try pyString(line, gil)
            return try call(loads.pointer(gil), text.pointer(gil), gil)
        case .parser:
            return PyOwned(stealing: try bytes.withUnsafeBytes { raw in try decoder.decode(raw, gil).release() })
        case .tape:
            return PyOwned(stealing: try bytes.withUnsafeBytes { raw in
                let tape = JSONTape()
                guard let first = tape.scan(raw) else {
                    scanned = false
                    return try decoder.decode(raw, gil).release()
                }
                scanned = true
                return try decoder.decode(raw, tape: tape.entries, first: first, gil).release()
            })
        }
    }

    /// The outcome (see above) of expression `index` of `kind` on `root` at `path` (JSON text).
    func outcome(_ kind: String, _ index: Int, root: PyObjectPointer, line: String, path: String,
                 _ gil: borrowing GILToken) throws -> String {
        let kindText = try pyString(kind, gil)
        let number = try pyInt(Int64(index), gil)
        let lineText = try pyString(line, gil)
        let pathText = try pyString(path, gil)
        let text = try call(run.pointer(gil), [kindText.pointer(gil), number.pointer(gil), root,
                                                lineText.pointer(gil), pathText.pointer(gil)], gil)
        return try swiftString(text.pointer(gil), gil)
    }

    /// Whether `line` holds a `kind` ("mapping" or "list") at `path`.
    func line(_ line: String, has kind: String, at path: String, _ gil: borrowing GILToken) throws -> Bool {
        let lineText = try pyString(line, gil)
        let pathText = try pyString(path, gil)
        let kindText = try pyString(kind, gil)
        let result = try call(has.pointer(gil), [lineText.pointer(gil), pathText.pointer(gil), kindText.pointer(gil)], gil)
        return try isTruthy(result.pointer(gil), gil)
    }

    /// How many expressions `kind` has.
    func expressionCount(_ kind: String, _ gil: borrowing GILToken) throws -> Int {
        let kindText = try pyString(kind, gil)
        let result = try call(count.pointer(gil), kindText.pointer(gil), gil)
        return Int(try swiftInt64(result.pointer(gil), what: "count", gil))
    }

    /// The name of the type `expression` gives with `r` bound to `root`.
    func typeName(_ expression: String, of root: PyObjectPointer, _ gil: borrowing GILToken) throws -> String {
        let text = try pyString(expression, gil)
        let result = try call(typeNameFunction.pointer(gil), [text.pointer(gil), root], gil)
        return try swiftString(result.pointer(gil), gil)
    }
}
