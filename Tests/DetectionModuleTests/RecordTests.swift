import Testing

/// `detection.Record` (DESIGN §3.2): a `dict` subclass whose nested dicts (also inside lists)
/// are records, with `deepget(path, default=None)`.
@Suite struct RecordTests {
    let sandbox = CacheSandbox()

    /// Evaluates `expression` with `r` bound to a record built by hand from `data`.
    func withRecord(_ expression: String, data: String = Self.sample) throws -> String {
        try #require(try sandbox.run("""
            import json
            from detection import Record
            r = Record(\(data))
            result = \(expression)
            """))
    }

    static let sample = """
        {'aws': {'cloudtrail': {'error_code': 'AccessDenied'}}, 'user': {'name': 'alice', 'groups': ['admin', 'ops']},
         'events': [{'id': 1, 'tags': [{'k': 'v'}]}, 2, [{'deep': True}], None],
         'zero': 0, 'false': False, 'empty': '', 'nothing': None, 'nested_none': {'x': None},
         'text': 'abc', 'number': 5, '1': 'one', 'dotted.key': 'unreachable by dots'}
        """

    @Test func aRecordIsADict() throws {
        #expect(try withRecord("(isinstance(r, dict), type(r).__name__, r == eval(repr(dict(r))), len(r))") == "(True, 'Record', True, 12)")
    }

    @Test func jsonDumpsWorksAndGivesWhatTheDictWould() throws {
        #expect(try withRecord("json.dumps(r) == json.dumps(\(Self.sample))") == "True")
        #expect(try withRecord("json.loads(json.dumps(r)) == r") == "True")
    }

    @Test func nestedDictsAreRecordsAlsoInsideLists() throws {
        #expect(try withRecord("[type(x).__name__ for x in (r['aws'], r['aws']['cloudtrail'], r['events'][0], r['events'][0]['tags'][0], r['events'][2][0])]")
            == "['Record', 'Record', 'Record', 'Record', 'Record']")
        #expect(try withRecord("(type(r['events']).__name__, type(r['user']['groups']).__name__, r['events'][1], r['events'][3])")
            == "('list', 'list', 2, None)")
        #expect(try withRecord("r['events'][0]['tags'][0].deepget('k')") == "'v'")
    }

    @Test func theMatanoStyleGetChainsWork() throws {
        #expect(try withRecord("(r.get('aws', {}).get('cloudtrail', {}).get('error_code'), r.get('gcp', {}).get('x'), r.get('user', {}).get('name'))")
            == "('AccessDenied', None, 'alice')")
    }

    @Test func recordTakesWhatDictTakesAndLeavesTheCallersObjectsAlone() throws {
        #expect(try sandbox.run("""
            from detection import Record
            inner = {'b': 1}
            items = [{'c': 2}]
            original = {'a': inner, 'l': items}
            r = Record(original)
            pairs = Record([('a', {'b': 2})])
            keywords = Record(a={'b': 3}, n=1)
            result = (type(original['a']).__name__, type(items[0]).__name__, r == original,
                      type(pairs['a']).__name__, pairs.deepget('a.b'), type(keywords['a']).__name__, keywords.deepget('a.b'),
                      Record(), isinstance(Record(), dict))
            """) == "('dict', 'dict', True, 'Record', 2, 'Record', 3, {}, True)")
    }

    @Test func deepgetWalksDottedPaths() throws {
        #expect(try withRecord("(r.deepget('aws.cloudtrail.error_code'), r.deepget('user.name'), r.deepget('user'), r.deepget('1'))")
            == "('AccessDenied', 'alice', {'name': 'alice', 'groups': ['admin', 'ops']}, 'one')")
    }

    @Test func deepgetTakesAListOrTupleOfKeys() throws {
        #expect(try withRecord("(r.deepget(['aws', 'cloudtrail', 'error_code']), r.deepget(('user', 'name')), r.deepget(['dotted.key']), r.deepget(['events', 0, 'id']), r.deepget(['user', 'groups', 1]))")
            == "('AccessDenied', 'alice', 'unreachable by dots', 1, 'ops')")
        #expect(try withRecord("r.deepget(['missing'], 'd')") == "'d'")
    }

    @Test func deepgetIndexesListsWithIntegerSegments() throws {
        #expect(try withRecord("(r.deepget('events.0.id'), r.deepget('events.0.tags.0.k'), r.deepget('events.1'), r.deepget('events.2.0.deep'), r.deepget('user.groups.0'))")
            == "(1, 'v', 2, True, 'admin')")
    }

    @Test(arguments: [
        "'missing'", "'aws.missing.deeper'", "'user.name.first'",
        "'events.9'", "'events.9.id'", "'user.groups.2'", "'events.x'", "'events.0.tags.5.k'",
        "'nothing'", "'nothing.below'", "'nested_none.x'", "'nested_none.x.y'", "'events.3'", "'events.3.id'",
        "'number.0'", "'text.0'", "'text.upper'", "'zero.real'",
        "['events', 9]", "['events', '9']", "['nothing', 'below']", "['text', 0]", "['user', 'groups', 5]",
    ])
    func deepgetGivesTheDefaultForAnythingMissingOrNone(path: String) throws {
        #expect(try withRecord("(r.deepget(\(path)), r.deepget(\(path), 'fallback'), r.deepget(\(path), default=[1]))")
            == "(None, 'fallback', [1])")
    }

    @Test func deepgetReturnsFalsyValuesThatArePresent() throws {
        #expect(try withRecord("(r.deepget('zero', 'd'), r.deepget('false', 'd'), r.deepget('empty', 'd'), r.deepget('user.groups', 'd'))")
            == "(0, False, '', ['admin', 'ops'])")
        #expect(try withRecord("r.deepget('l', 'd')", data: "{'l': [], 'm': {}}") == "[]")
        #expect(try withRecord("r.deepget('m', 'd')", data: "{'l': [], 'm': {}}") == "{}")
    }

    @Test func deepgetWorksOnRecordsDecodedByJSON() throws {
        #expect(try sandbox.run("""
            import json
            from detection import Record
            r = json.loads('{"user": {"name": "bob"}, "ips": [{"v": "10.0.0.1"}]}', object_hook=Record)
            result = (type(r).__name__, r.deepget('user.name'), r.deepget('ips.0.v'), r['ips'][0].deepget('v'))
            """) == "('Record', 'bob', '10.0.0.1', '10.0.0.1')")
    }

    @Test(arguments: ["5", "None", "{'a': 1}", "b'a.b'"])
    func aPathOfAnotherTypeIsATypeError(path: String) throws {
        let error = sandbox.raised("from detection import Record\nRecord({'a': 1}).deepget(\(path))")
        #expect(error?.type == "TypeError", "deepget(\(path)) raised \(error.map(\.description) ?? "nothing")")
    }

    @Test func deepgetNeedsAPath() throws {
        let error = sandbox.raised("from detection import Record\nRecord({'a': 1}).deepget()")
        #expect(error?.type == "TypeError")
    }
}
