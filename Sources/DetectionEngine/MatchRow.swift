/// One output line per match (DESIGN §5), appended straight into the output buffer in bulk
/// copies. What is the same on many rows (a detection's name, the input's path) is escaped once.
struct MatchRowWriter {
    /// Per detection (by index): `{"detection":"<name>","id":`.
    private let openings: [[UInt8]]
    /// `,"file":"<path>","line":` for the input named `fileName`.
    private var fileName: String?
    private var fileField: [UInt8] = []

    init(detectionNames: [String]) {
        openings = detectionNames.map { name in
            var opening = ByteBuffer()
            opening.append("{\"detection\":")
            opening.appendQuoted(name)
            opening.append(",\"id\":")
            return Array(opening.bytes)
        }
    }

    mutating func write(detection: Int, id: String, fields: MatchFields, outcome: Alerting.Outcome, file: String, line: Int,
                        record: UnsafeRawBufferPointer, into row: inout ByteBuffer) {
        if file != fileName {
            var field = ByteBuffer()
            field.append(",\"file\":")
            field.appendQuoted(file)
            field.append(",\"line\":")
            fileField = Array(field.bytes)
            fileName = file
        }
        row.reserve(record.count + 512)
        row.append(openings[detection])
        row.appendQuoted(id)
        row.append(",\"alert_id\":")
        row.appendQuoted(outcome.alertID)
        row.append(outcome.activated ? ",\"activated\":true,\"match_count\":" : ",\"activated\":false,\"match_count\":")
        row.append(decimal: outcome.matchCount)
        row.appendField(",\"title\":", quoted: fields.title)
        row.appendField(",\"severity\":", quoted: fields.severity)
        row.appendField(",\"dedupe\":", quoted: fields.dedupe)
        row.appendField(",\"description\":", quoted: fields.description)
        row.appendField(",\"runbook\":", quoted: fields.runbook)
        row.appendField(",\"reference\":", quoted: fields.reference)
        row.append(",\"destinations\":[")
        for (index, destination) in fields.destinations.enumerated() {
            if index > 0 { row.append(UInt8(ascii: ",")) }
            row.appendQuoted(destination)
        }
        row.append("],\"alert_context\":")
        if var context = fields.alertContext {
            context.withUTF8 { row.append(UnsafeRawBufferPointer($0)) }
        } else {
            row.append("null")
        }
        row.append(fileField)
        row.append(decimal: line)
        row.append(",\"record\":")
        row.appendSingleLine(record)
        row.append(UInt8(ascii: "}"))
    }
}

extension ByteBuffer {
    /// `key` (its comma, quotes and colon included), then `value` as a JSON string or null.
    mutating func appendField(_ key: StaticString, quoted value: String?) {
        append(key)
        if let value { appendQuoted(value) } else { append("null") }
    }
}
