//! Which allocations may fail. Tensor buffers are allocated fallibly (`try_reserve`): a failure
//! becomes an OutOfMemory error. Everything else (an `Rc`, a shape, an error message) is
//! infallible: Rust aborts the program when it fails, which in wasm traps the whole module.
//!
//! The allocator cannot tell the two apart from a `Layout`, so the code that can handle a failure
//! says so with [`fallible`]. An allocator that keeps a reserve for infallible allocations (the
//! wasm one does) lets fallible ones fail before they eat into it; other allocators ignore this.

use std::cell::Cell;

thread_local! {
    static FALLIBLE: Cell<bool> = const { Cell::new(false) };
}

/// True while the current thread runs inside [`fallible`].
#[inline]
pub fn is_fallible() -> bool {
    FALLIBLE.with(Cell::get)
}

/// Runs `f` with its allocations marked fallible: `f` must handle an allocation failure itself
/// (`try_reserve`), and should allocate nothing else.
pub fn fallible<T>(f: impl FnOnce() -> T) -> T {
    /// Restores the outer mode even if `f` unwinds.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            FALLIBLE.with(|m| m.set(self.0));
        }
    }
    let _restore = Restore(FALLIBLE.with(|m| m.replace(true)));
    f()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallible_marks_its_closure_only_and_nests() {
        assert!(!is_fallible());
        let inner = fallible(|| {
            let nested = fallible(is_fallible);
            (nested, is_fallible())
        });
        assert_eq!(inner, (true, true));
        assert!(!is_fallible());
    }
}
