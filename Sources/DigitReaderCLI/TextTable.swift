/// A plain-text table with columns sized to their widest cell: the benchmark prints several
/// summaries whose cells vary in width, and `String(format:)` widths do not apply to strings
/// on every platform.
struct TextTable {
    private let header: [String]
    private var rows: [[String]] = []

    /// A table with these column titles; the first column is left-aligned, the others right-aligned.
    init(_ header: [String]) {
        self.header = header
    }

    mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// The table, each line indented by `indent`.
    func render(indent: String = "  ") -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            indent + header.indices.map { column in
                let cell = column < row.count ? row[column] : ""
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
