// Growable buffers of trivial values (pointers, code units, bytes, tape entries) that the decoder
// and `JSONTape` reuse across documents, so they allocate nothing once they have grown.

/// A stack of trivial elements in manually managed memory.
///
/// A plain struct of a pointer and two counts: copying it copies the handle, not the elements,
/// so exactly one copy may be used and freed. The decoder moves its buffers into a parser for one
/// document and takes them back afterwards (`JSONDecoderStorage.withParser`).
package struct RawStack<Element: BitwiseCopyable> {
    package private(set) var base: UnsafeMutablePointer<Element>
    package private(set) var capacity: Int
    package var count: Int = 0

    package init(capacity: Int) {
        self.capacity = max(capacity, 4)
        base = UnsafeMutablePointer<Element>.allocate(capacity: self.capacity)
    }

    /// Frees the memory. The elements are trivial, so nothing else is released.
    package func deallocate() {
        base.deallocate()
    }

    @inlinable @inline(__always)
    package mutating func push(_ element: Element) {
        if count == capacity { grow(toAtLeast: count + 1) }
        base[count] = element
        count += 1
    }

    /// Makes room for `extra` more elements, so that up to that many `pushUnchecked` are safe.
    @inlinable @inline(__always)
    package mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(toAtLeast: count + extra) }
    }

    /// Pushes without a capacity check; only after `reserve`.
    @inlinable @inline(__always)
    package mutating func pushUnchecked(_ element: Element) {
        base[count] = element
        count += 1
    }

    @inlinable @inline(__always)
    package mutating func popLast() -> Element? {
        guard count > 0 else { return nil }
        count -= 1
        return base[count]
    }

    @inlinable @inline(__always)
    package var last: Element? {
        count > 0 ? base[count - 1] : nil
    }

    /// Unchecked in release builds (the decoder's hot loops index in range by construction);
    /// debug builds assert it.
    @inlinable @inline(__always)
    package subscript(index: Int) -> Element {
        get {
            assert(index >= 0 && index < count, "RawStack index \(index) outside 0..<\(count)")
            return base[index]
        }
        set {
            assert(index >= 0 && index < count, "RawStack index \(index) outside 0..<\(count)")
            base[index] = newValue
        }
    }

    /// Shrinks a buffer that one unusual document grew far past what ordinary ones need, so that
    /// a single huge document does not pin its peak memory for the life of the decoder.
    package mutating func trim(above limit: Int) {
        guard capacity > limit, count <= limit else { return }
        let smaller = UnsafeMutablePointer<Element>.allocate(capacity: limit)
        smaller.initialize(from: base, count: count)
        base.deallocate()
        base = smaller
        capacity = limit
    }

    @usableFromInline
    mutating func grow(toAtLeast needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        larger.initialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity = newCapacity
    }
}
