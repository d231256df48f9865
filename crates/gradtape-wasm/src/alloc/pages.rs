//! The page-run allocator: one bit per 64 KiB page of the heap says whether it is free. A run is
//! a maximal stretch of free pages, so freeing pages next to a free run merges them with it, and
//! a free run at the end of memory merges with the pages growth adds after it.

/// Pages the bitmap describes: all of wasm32's 4 GiB (8 KiB of bits).
pub const MAX_PAGES: usize = 1 << 16;
const WORDS: usize = MAX_PAGES / 64;

/// Which fitting run a request takes, and which end of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The lowest run that fits, from its low end: keeps what lives long together at the bottom.
    Lowest,
    /// The smallest run that fits (the highest of equals), from its high end: large runs stay
    /// whole for large requests.
    BestFit,
}

/// Free pages, by absolute page number. Page numbers are absolute (page `p` starts at address
/// `p * PAGE`); bit `i` stands for page `first + i`.
pub struct Pages {
    /// Bit `i % 64` of word `i / 64` set: page `first + i` is free. Bits at or past `len` are clear.
    free: [u64; WORDS],
    first: usize,
    /// Pages memory has: bits `[0, len)`; the pages among them whose bit is clear are in use.
    len: usize,
    /// Set bits.
    free_count: usize,
    /// No word below this one has a set bit, so searches from the low end start here.
    low_word: usize,
}

impl Pages {
    pub const fn new() -> Pages {
        Pages { free: [0; WORDS], first: 0, len: 0, free_count: 0, low_word: 0 }
    }

    /// Sets the first page the bitmap describes; called once, before anything is added.
    pub fn start_at(&mut self, first: usize) {
        self.first = first;
    }

    pub fn free_count(&self) -> usize {
        self.free_count
    }

    /// Pages memory gained at its end: `n` free pages from `start` on. Pages past the bitmap's
    /// reach are left out (wasm32 memory cannot have them).
    pub fn add(&mut self, start: usize, n: usize) {
        let rel = (start - self.first).min(MAX_PAGES);
        let n = n.min(MAX_PAGES - rel);
        // A gap between the old end and `rel` (memory grown by someone else) stays clear: in use.
        self.len = self.len.max(rel + n);
        self.give(start, n);
    }

    /// Frees the run of `n` pages at `start` (taken before, or just added).
    pub fn give(&mut self, start: usize, n: usize) {
        let rel = start - self.first;
        self.set(rel, n, true);
        self.free_count += n;
        self.low_word = self.low_word.min(rel / 64);
    }

    /// Takes `n` free pages starting on a multiple of `align` pages (a power of two), placed as
    /// `place` says; returns the first page, or None when no free run fits.
    pub fn take(&mut self, n: usize, align: usize, place: Place) -> Option<usize> {
        let rel = match place {
            Place::Lowest => self.find_lowest(n, align)?,
            Place::BestFit => self.find_best_fit(n, align)?,
        };
        self.set(rel, n, false);
        self.free_count -= n;
        Some(self.first + rel)
    }

    /// The length of the free run that ends where memory ends (0 if the last page is in use).
    pub fn free_at_end(&self) -> usize {
        match self.prev(self.len, true) {
            Some(last) if last + 1 == self.len => self.len - self.prev(self.len, false).map_or(0, |used| used + 1),
            _ => 0,
        }
    }

    /// The longest free run, in pages.
    #[cfg(test)]
    pub fn largest_free_run(&self) -> usize {
        let (mut i, mut best) = (0, 0);
        loop {
            let start = self.next(i, true);
            if start >= self.len {
                return best;
            }
            i = self.next(start, false);
            best = best.max(i - start);
        }
    }

    fn find_lowest(&mut self, n: usize, align: usize) -> Option<usize> {
        let mut i = self.low_word * 64;
        let mut lowest = true;
        loop {
            let start = self.next(i, true);
            if start >= self.len {
                return None;
            }
            if lowest {
                self.low_word = start / 64;
                lowest = false;
            }
            let end = self.next(start, false);
            let at = (self.first + start).next_multiple_of(align) - self.first;
            if at + n <= end {
                return Some(at);
            }
            i = end;
        }
    }

    fn find_best_fit(&self, n: usize, align: usize) -> Option<usize> {
        // (run length, start of the block in it) of the best run so far.
        let mut best: Option<(usize, usize)> = None;
        let mut below = self.len;
        while let Some(last) = self.prev(below, true) {
            let end = last + 1;
            let start = self.prev(last, false).map_or(0, |used| used + 1);
            if end - start >= n && best.is_none_or(|(len, _)| end - start < len) {
                let at = (self.first + end - n) & !(align - 1);
                if at >= self.first + start {
                    best = Some((end - start, at - self.first));
                    if end - start == n {
                        break;
                    }
                }
            }
            below = start;
        }
        best.map(|(_, at)| at)
    }

    /// Sets (`free`) or clears bits `[rel, rel + n)`.
    fn set(&mut self, rel: usize, n: usize, free: bool) {
        let (mut i, end) = (rel, rel + n);
        while i < end {
            let lo = i % 64;
            let width = (64 - lo).min(end - i);
            let mask = (u64::MAX >> (64 - width)) << lo;
            let word = &mut self.free[i / 64];
            if free {
                *word |= mask;
            } else {
                *word &= !mask;
            }
            i += width;
        }
    }

    /// The first page at or after `i` that is free (`free`) or in use (`!free`); `len` if none is
    /// before `len`.
    fn next(&self, i: usize, free: bool) -> usize {
        let flip = if free { 0 } else { u64::MAX };
        let mut w = i / 64;
        if i >= self.len {
            return self.len;
        }
        let mut word = (self.free[w] ^ flip) & (u64::MAX << (i % 64));
        loop {
            if word != 0 {
                return (w * 64 + word.trailing_zeros() as usize).min(self.len);
            }
            w += 1;
            if w * 64 >= self.len {
                return self.len;
            }
            word = self.free[w] ^ flip;
        }
    }

    /// The last page before `i` (at most `len`) that is free (`free`) or in use (`!free`).
    fn prev(&self, i: usize, free: bool) -> Option<usize> {
        let flip = if free { 0 } else { u64::MAX };
        let last = i.checked_sub(1)?;
        let mut w = last / 64;
        let mut word = (self.free[w] ^ flip) & (u64::MAX >> (63 - last % 64));
        loop {
            if word != 0 {
                return Some(w * 64 + 63 - word.leading_zeros() as usize);
            }
            w = w.checked_sub(1)?;
            word = self.free[w] ^ flip;
        }
    }
}
