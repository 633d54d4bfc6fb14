/// The 8-connected parts of the pixels of a picture (row-major) that pass a test: the one flood
/// fill behind a number's ink blobs (`InkBlobs`) and a photo's surroundings (`PhotoPage`).
struct ConnectedParts {
    /// Each pixel's part, numbered from 1 in the order their first pixels are met; 0 where the
    /// pixel fails the test or lies in no part that was asked for.
    let labels: [Int32]
    /// How many parts there are.
    let count: Int

    /// The parts of a `width` x `height` picture's pixels for which `includes` (given a pixel's
    /// index) holds; only the parts holding one of `seeds` (indices) when it is given.
    init(width: Int, height: Int, seeds: [Int]? = nil, includes: (Int) -> Bool) {
        var labels = [Int32](repeating: 0, count: width * height)
        var count: Int32 = 0
        var stack: [Int] = []
        for start in seeds ?? Array(labels.indices) where labels[start] == 0 && includes(start) {
            count += 1
            labels[start] = count
            stack.append(start)
            while let index = stack.popLast() {
                let (x, y) = (index % width, index / width)
                for ny in max(0, y - 1)...min(height - 1, y + 1) {
                    for nx in max(0, x - 1)...min(width - 1, x + 1) {
                        let neighbour = ny * width + nx
                        guard labels[neighbour] == 0, includes(neighbour) else { continue }
                        labels[neighbour] = count
                        stack.append(neighbour)
                    }
                }
            }
        }
        self.labels = labels
        self.count = Int(count)
    }
}
